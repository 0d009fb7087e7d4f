/**
 * The order's business metrics, each emitted from inside the step body that records the
 * same fact (the status write, the compensation record, the approval decision). A step
 * body runs when the fact happens and is skipped on replay, so each order counts once.
 * The emit is the body's last statement, after its write succeeded: a body that throws
 * and is retried has emitted nothing. (A body that finished but whose checkpoint was lost
 * to a crash runs again, and counts again: steps are at-least-once.)
 */
import type { FailureReason } from "../observability/metric-definitions";
import { countMetric, emitMetric, secondsBetween } from "../observability/metrics";
import type { CompensationEntry } from "../adapters/orders-repository";
import type { CompensationName } from "./saga";

/** Error names of the business outcomes, by the reason they are counted under. */
const REASON_OF_ERROR: Readonly<Record<string, FailureReason>> = {
  ValidationError: "invalid",
  PaymentDeclinedError: "declined",
  OutOfStockError: "out-of-stock",
  FraudSuspectedError: "risk",
  CreditCheckFailedError: "risk",
  ApprovalRejectedError: "rejected",
  ApprovalTimedOutError: "approval-timed-out",
  WorkerUnavailableError: "worker-unavailable",
};

/**
 * The OrdersFailed reason of the error that stopped an order. Anything not planned for
 * (a worker refusing a well-formed request, data steps out of retries, a carrier that
 * never came) is `unexpected`, the reason the alarm watches.
 */
export function failureReasonOf(error: Error): FailureReason {
  return REASON_OF_ERROR[error.name] ?? "unexpected";
}

export function orderFailed(reason: FailureReason): void {
  countMetric("OrdersFailed", { Reason: reason });
}

/** `acceptedAt` is absent for executions started before it was recorded; they count without a duration. */
export function orderCompleted(acceptedAt: string | undefined, completedAt: string): void {
  countMetric("OrdersCompleted", {});
  if (acceptedAt) emitMetric("TimeToComplete", secondsBetween(acceptedAt, completedAt), {});
}

export function approvalDecided(requestedAt: string, decidedAt: string): void {
  emitMetric("ApprovalWaitTime", secondsBetween(requestedAt, decidedAt), {});
}

export function compensationRecorded(kind: CompensationName, outcome: CompensationEntry["status"]): void {
  countMetric("CompensationsRun", { Kind: kind, Outcome: outcome });
}
