import { DURABLE_API_VERSION, INVOKE_API_VERSION } from "./constants";
import { UnknownOperationError } from "./errors";
import { LambdaOperation, type LambdaRequest, type LambdaResponse, type ServiceContext } from "./http-types";
import { checkpointDurableExecution } from "./operations/checkpoint-durable-execution";
import { getDurableExecution } from "./operations/get-durable-execution";
import { getDurableExecutionHistory } from "./operations/get-durable-execution-history";
import { getDurableExecutionState } from "./operations/get-durable-execution-state";
import { invoke } from "./operations/invoke";
import { listDurableExecutionsByFunction } from "./operations/list-durable-executions-by-function";
import { sendDurableExecutionCallbackFailure } from "./operations/send-durable-execution-callback-failure";
import { sendDurableExecutionCallbackHeartbeat } from "./operations/send-durable-execution-callback-heartbeat";
import { sendDurableExecutionCallbackSuccess } from "./operations/send-durable-execution-callback-success";
import { stopDurableExecution } from "./operations/stop-durable-execution";

export interface RouteMatch {
  operation: LambdaOperation;
  /** Still percent-encoded. */
  rawLabel: string;
}

/**
 * Matches on the raw path, split at "/" BEFORE decoding: an execution ARN is one percent-encoded segment
 * whose decoded form contains "/". For clients that send the ARN unencoded, the four ARN parts are rejoined.
 */
export function matchRoute(method: string, rawPath: string): RouteMatch | undefined {
  const segments = rawPath.split("/").slice(1);
  const [version, collection] = segments;
  if (version === INVOKE_API_VERSION && collection === "functions" && segments.length === 4 && segments[3] === "invocations" && method === "POST") {
    return { operation: LambdaOperation.Invoke, rawLabel: segments[2] ?? "" };
  }
  if (version !== DURABLE_API_VERSION) return undefined;
  if (collection === "functions" && segments.length === 4 && segments[3] === "durable-executions" && method === "GET") {
    return { operation: LambdaOperation.ListDurableExecutionsByFunction, rawLabel: segments[2] ?? "" };
  }
  if (collection === "durable-execution-callbacks" && segments.length === 4 && method === "POST") {
    const action = segments[3];
    const operation = action === "succeed" ? LambdaOperation.SendDurableExecutionCallbackSuccess
      : action === "fail" ? LambdaOperation.SendDurableExecutionCallbackFailure
        : action === "heartbeat" ? LambdaOperation.SendDurableExecutionCallbackHeartbeat : undefined;
    return operation && { operation, rawLabel: segments[2] ?? "" };
  }
  if (collection !== "durable-executions") return undefined;
  let rest = segments.slice(2);
  let rawLabel = rest[0] ?? "";
  if (rest.length >= 4 && rest[1] === "durable-execution") {
    rawLabel = rest.slice(0, 4).join("/");
    rest = [rawLabel, ...rest.slice(4)];
  }
  const action = rest[1];
  if (rest.length === 1 && method === "GET") return { operation: LambdaOperation.GetDurableExecution, rawLabel };
  if (rest.length !== 2) return undefined;
  if (action === "checkpoint" && method === "POST") return { operation: LambdaOperation.CheckpointDurableExecution, rawLabel };
  if (action === "state" && method === "GET") return { operation: LambdaOperation.GetDurableExecutionState, rawLabel };
  if (action === "history" && method === "GET") return { operation: LambdaOperation.GetDurableExecutionHistory, rawLabel };
  if (action === "stop" && method === "POST") return { operation: LambdaOperation.StopDurableExecution, rawLabel };
  return undefined;
}

/** One dispatch for every operation: validate, then act. The switch fails to compile when an operation has no case. */
export async function dispatch(ctx: ServiceContext, request: LambdaRequest): Promise<LambdaResponse> {
  switch (request.operation) {
    case LambdaOperation.Invoke:
      return invoke.handle(ctx, invoke.validate(request));
    case LambdaOperation.CheckpointDurableExecution:
      return checkpointDurableExecution.handle(ctx, checkpointDurableExecution.validate(request));
    case LambdaOperation.GetDurableExecutionState:
      return getDurableExecutionState.handle(ctx, getDurableExecutionState.validate(request));
    case LambdaOperation.GetDurableExecution:
      return getDurableExecution.handle(ctx, getDurableExecution.validate(request));
    case LambdaOperation.GetDurableExecutionHistory:
      return getDurableExecutionHistory.handle(ctx, getDurableExecutionHistory.validate(request));
    case LambdaOperation.ListDurableExecutionsByFunction:
      return listDurableExecutionsByFunction.handle(ctx, listDurableExecutionsByFunction.validate(request));
    case LambdaOperation.StopDurableExecution:
      return stopDurableExecution.handle(ctx, stopDurableExecution.validate(request));
    case LambdaOperation.SendDurableExecutionCallbackSuccess:
      return sendDurableExecutionCallbackSuccess.handle(ctx, sendDurableExecutionCallbackSuccess.validate(request));
    case LambdaOperation.SendDurableExecutionCallbackFailure:
      return sendDurableExecutionCallbackFailure.handle(ctx, sendDurableExecutionCallbackFailure.validate(request));
    case LambdaOperation.SendDurableExecutionCallbackHeartbeat:
      return sendDurableExecutionCallbackHeartbeat.handle(ctx, sendDurableExecutionCallbackHeartbeat.validate(request));
    default:
      request.operation satisfies never;
      throw new UnknownOperationError("?", "?");
  }
}
