/**
 * What becomes of an order whose workflow ended without deciding it: its durable
 * execution was stopped by an operator, reached its ExecutionTimeout, or failed on a bug.
 * The saga that would have undone its stock and money lived in that execution's memory
 * and is gone, so the re-driver works it out again from the order's last status.
 *
 * The undo actions are the saga's own, asked for whenever they may apply: the payment
 * worker knows whether there is anything to void or refund and answers "nothing to undo"
 * otherwise. Stock is taken only once the commit phase has begun, so a release is asked
 * for only from there on (the inventory worker's release succeeds either way, and the
 * order's record would otherwise show a release of stock it never held).
 */
import type { OrderStatus } from "./status";
import { isTerminal, progressionIndex } from "./status";

/** The saga's undo actions, newest first (the order the workflow itself would run them in). */
export const RECOVERY_UNDO_ORDER = ["refund-payment", "release-inventory", "void-payment"] as const;
export type RecoveryUndo = (typeof RECOVERY_UNDO_ORDER)[number];

export type RecoveryPlan =
  /** The parcel has left (the workflow had closed its saga): nothing is taken back, the order is complete. */
  | { kind: "complete" }
  /** Undo what may have been done, then record the order `failed`. */
  | { kind: "compensate"; undo: readonly RecoveryUndo[] };

/**
 * The plan for an order at `status` whose execution has ended. None for a terminal order
 * (decided already) or a `received` one (its workflow may not have started: the intake
 * re-driver's job).
 */
export function recoveryPlanFor(status: OrderStatus): RecoveryPlan | undefined {
  if (isTerminal(status) || status === "received") return undefined;
  if (status === "shipped") return { kind: "complete" };
  return { kind: "compensate", undo: RECOVERY_UNDO_ORDER.filter((undo) => undo !== "release-inventory" || mayHoldStock(status)) };
}

/** The commit phase (reserve, capture, invoice) starts right after `fraud-checked`, or after `approved` for a large order. */
function mayHoldStock(status: OrderStatus): boolean {
  if (status === "awaiting-approval") return false;
  return (progressionIndex(status) ?? -1) >= (progressionIndex("fraud-checked") ?? 0);
}

/** How an execution that did not finish its order ended (Lambda's ExecutionStatus values). */
export type EndedExecutionStatus = "FAILED" | "TIMED_OUT" | "STOPPED";

/** The order's failureReason: what ended the execution, in words a support agent can use. */
export function abandonedFailureReason(ended: EndedExecutionStatus): string {
  const how = { FAILED: "failed", TIMED_OUT: "timed out", STOPPED: "was stopped" }[ended];
  return `WorkflowEnded: the order's workflow execution ${how} before the order finished; the re-driver undid what had been done`;
}
