/**
 * The orchestrator's logs and metrics.
 *
 * Logs: Powertools Logger, handed to the durable SDK at the start of every invocation so
 * that the SDK's replay-aware logger mutes replays; every line carries the execution ARN
 * and, once known, the order id.
 *
 * Metrics: business facts are emitted from the body of the step that records them
 * (order-metrics.ts), which runs once per order. Retries are seen by a durable SDK
 * instrumentation plugin instead: the SDK reports each backoff wait `withRetry` starts,
 * and says whether that start is new (`isReplay: false`) or a replay of an earlier one.
 */
import type { DurableContext, DurableInstrumentationPlugin, OperationInfo } from "@aws/durable-execution-sdk-js";
import { DurablePowertoolsLogger } from "../observability/durable-logger";
import { appendInvocationKeys, createLogger, startInvocation } from "../observability/logger";
import { countMetric } from "../observability/metrics";
import type { Worker } from "../observability/metric-definitions";

const logger = createLogger("order-workflow");
const durableLogger = new DurablePowertoolsLogger(logger);

/** First thing in every invocation of the handler. */
export function observeInvocation(context: DurableContext, event: { orderId?: unknown } | undefined): void {
  startInvocation(logger, context.lambdaContext, {
    executionArn: context.executionContext.durableExecutionArn,
    ...(typeof event?.orderId === "string" ? { orderId: event.orderId } : {}),
  });
  context.configureLogger({ customLogger: durableLogger });
}

/** The order id, once validation has settled it (a direct invoke may not bring one). */
export function observeOrder(orderId: string): void {
  appendInvocationKeys(logger, { orderId });
}

/** Which worker each `invokeWorker` operation name calls; names are constants, so this is the same on every replay. */
const workerOfOperation = new Map<string, Worker>();

export function registerWorkerOperation(operationName: string, worker: Worker): void {
  workerOfOperation.set(operationName, worker);
}

/** `withRetry` names its backoff waits `<operation>-backoff-<attempt>`. */
const BACKOFF_WAIT = /^(.+)-backoff-\d+$/;

/** Counts WorkerRetries once per retry: when a backoff wait before a worker call starts for real. */
export const workerRetryMetrics: DurableInstrumentationPlugin = {
  async onOperationStart(info: OperationInfo): Promise<void> {
    if (info.isReplay || info.type !== "WAIT" || !info.name) return;
    const operation = BACKOFF_WAIT.exec(info.name)?.[1];
    const worker = operation === undefined ? undefined : workerOfOperation.get(operation);
    if (worker) countMetric("WorkerRetries", { Worker: worker });
  },
};
