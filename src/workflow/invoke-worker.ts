/**
 * Calls a worker function with `context.invoke`, retried with `withRetry`.
 *
 * `invoke` has no retry option, and a worker that throws surfaces as an InvokeError
 * whose original error name is lost, so the split between "retry" and "decide" cannot
 * be made on the error. It is made by the contract instead: a worker answers business
 * outcomes as data (`{ ok: false, reason }`), which this returns untouched and which is
 * never retried; anything it throws is transient and is retried with backoff.
 */
import { DurableOperationError, withRetry, type DurableContext, type RetryDecision } from "@aws/durable-execution-sdk-js";
import type { Worker } from "../observability/metric-definitions";
import { workflowConfig } from "./config";
import { WorkerUnavailableError } from "./errors";
import { registerWorkerOperation } from "./observability";
import { WORKER_INVOKE_RETRY } from "./policies";

export interface InvokeWorkerOptions {
  /** Defaults to WORKER_INVOKE_RETRY; compensations pass their more patient policy. */
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
}

export async function invokeWorker<TRequest, TResponse>(
  context: DurableContext,
  name: string,
  functionName: string,
  request: TRequest,
  options: InvokeWorkerOptions = {},
): Promise<TResponse> {
  const worker = workerNamed(functionName);
  if (worker) registerWorkerOperation(name, worker);
  try {
    return await withRetry(context, name, (attemptContext) => attemptContext.invoke<TRequest, TResponse>(name, functionName, request), {
      retryStrategy: options.retryStrategy ?? WORKER_INVOKE_RETRY,
      // Each attempt is already a CHAINED_INVOKE checkpoint and each backoff a WAIT; a
      // grouping context would add a billed operation per call and no checkpoint that matters.
      wrapWithRunInChildContext: false,
    });
  } catch (error) {
    throw new WorkerUnavailableError(`${name}: the worker did not answer (${describe(error)})`, { cause: error });
  }
}

/** Which worker a function name belongs to, for the WorkerRetries dimension. */
function workerNamed(functionName: string): Worker | undefined {
  const { functions } = workflowConfig();
  return (Object.keys(functions) as Worker[]).find((worker) => functions[worker] === functionName);
}

/** The innermost message of a (possibly wrapped) durable error, for the order's failure reason. */
export function describe(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause instanceof Error; depth++) current = current.cause;
  return current instanceof Error ? current.message || current.name : String(error);
}

/**
 * A durable operation that failed for good (its retries are spent) or a worker that
 * never answered: the order cannot go on, but the workflow can still compensate and
 * record why. Anything else (a bug, a replay mismatch) is left to fail the execution.
 */
export function isOperationFailure(error: unknown): error is Error {
  return error instanceof DurableOperationError || error instanceof WorkerUnavailableError;
}
