/**
 * One log line per worker call, written by Powertools Logger. Only identifiers and
 * outcomes are logged: never the customer's email, address or payment token.
 */
import type { Context } from "aws-lambda";
import { createLogger, startInvocation, type Logger } from "../observability/logger";
import type { WorkerName } from "./simulation";

export interface WorkerLogFields {
  orderId?: string;
  action?: string;
  outcome: "ok" | "refused" | "invalid" | "transient-error";
  reason?: string;
}

const loggers = new Map<WorkerName, Logger>();

/** A bundle holds one worker, so this is one logger per process. */
function workerLogger(worker: WorkerName): Logger {
  let logger = loggers.get(worker);
  if (!logger) {
    logger = createLogger(`${worker}-worker`);
    loggers.set(worker, logger);
  }
  return logger;
}

export function startWorkerCall(worker: WorkerName, lambdaContext: Context | undefined, orderId: string | undefined): void {
  startInvocation(workerLogger(worker), lambdaContext, orderId === undefined ? {} : { orderId });
}

export function logWorkerCall(worker: WorkerName, fields: WorkerLogFields): void {
  const logger = workerLogger(worker);
  if (fields.outcome === "transient-error") logger.warn("worker call failed", { worker, ...fields });
  else logger.info("worker call", { worker, ...fields });
}
