/**
 * The end of an order that could not finish: its terminal status and the reason, written
 * once the compensations have run (so a reader who sees `failed` also sees what was
 * undone). A rejection and an approval timeout have statuses of their own.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import type { OrderStatus } from "../../domain/status";
import { failureReasonOf, orderFailed } from "../order-metrics";
import { recordOrderStatus } from "../order-status";

type TerminalFailure = Extract<OrderStatus, "failed" | "rejected" | "approval-timed-out">;

export function terminalStatusFor(error: Error): TerminalFailure {
  if (error.name === "ApprovalRejectedError") return "rejected";
  if (error.name === "ApprovalTimedOutError") return "approval-timed-out";
  return "failed";
}

/** Step `record-failed` / `record-rejected` / `record-approval-timed-out`. */
export async function recordOutcome(context: DurableContext, orderId: string, error: Error): Promise<void> {
  await recordOrderStatus(context, orderId, terminalStatusFor(error), { failureReason: `${error.name}: ${error.message}` }, () => orderFailed(failureReasonOf(error)));
}
