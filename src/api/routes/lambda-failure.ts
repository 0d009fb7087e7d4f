import type { LambdaCallError } from "../../adapters/lambda";
import { ErrorCode, HttpError } from "../http";
import { log } from "../log";

/** Seconds a caller should wait before retrying after Lambda throttled us. */
const RETRY_AFTER_SECONDS = 1;

/**
 * A failed Lambda call as the caller sees it: 503 with Retry-After when trying again
 * can help (throttling, service errors), 502 when Lambda refused the call.
 */
export function lambdaFailure(error: LambdaCallError, orderId: string): HttpError {
  log.warn("lambda call failed", { orderId, errorName: error.lambdaErrorName });
  if (error.retryable) {
    return new HttpError(503, ErrorCode.ServiceUnavailable, "The order service is busy. Try again shortly.", {
      headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    });
  }
  return error.operation === "start-workflow"
    ? new HttpError(502, ErrorCode.WorkflowStartFailed, `The workflow for order ${orderId} could not be started.`)
    : new HttpError(502, ErrorCode.ApprovalSendFailed, `The approval decision for order ${orderId} could not be delivered.`);
}
