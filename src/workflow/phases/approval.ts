/**
 * Approval: an order above the threshold waits for a person with `waitForCallback`.
 *
 * The submitter step stores the callback id on the order (status `awaiting-approval`),
 * which is all the API — or `aws lambda send-durable-execution-callback-success
 * --callback-id <id> --result '{"approved":true}'` — needs to answer. The answer arrives
 * as a string and is parsed and validated here; nothing else in it is trusted.
 */
import { CallbackTimeoutError, type DurableContext } from "@aws/durable-execution-sdk-js";
import { getOrder, patchOrder, type ApprovalInfo } from "../../adapters/orders-repository";
import { ApprovalRejectedError, ApprovalTimedOutError, OrderNotFoundError } from "../../domain/errors";
import { parseApprovalDecision, type ApprovalDecision } from "../../domain/approval";
import type { Cents } from "../../domain/money";
import type { OrderStatus } from "../../domain/status";
import type { WorkflowConfig } from "../config";
import { InvalidApprovalResponseError } from "../errors";
import type { PreparedOrder } from "../model";
import { approvalDecided } from "../order-metrics";
import { writeStatus } from "../order-status";
import { DATA_STEP_RETRY } from "../policies";


export function needsApproval(totalCents: Cents, config: WorkflowConfig): boolean {
  return totalCents > config.approvalThresholdCents;
}

export async function obtainApproval(context: DurableContext, prepared: PreparedOrder, config: WorkflowConfig): Promise<void> {
  const { orderId } = prepared;
  let answer: string;
  try {
    answer = await context.waitForCallback<string>(
      "await-approval",
      async (callbackId) => {
        const requestedAt = new Date().toISOString();
        const approval: ApprovalInfo = { callbackId, requestedAt, thresholdCents: config.approvalThresholdCents };
        await writeStatus(orderId, "awaiting-approval", { approval });
      },
      { timeout: { seconds: config.approvalTimeoutSeconds }, retryStrategy: DATA_STEP_RETRY },
    );
  } catch (error) {
    if (error instanceof CallbackTimeoutError) {
      await recordDecision(context, orderId, "approval-timed-out", { decision: "timed-out" });
      throw new ApprovalTimedOutError(`approval timed out after ${config.approvalTimeoutSeconds} s`);
    }
    throw error;
  }

  const { approved, reason } = parseDecision(answer);
  const because = reason === undefined ? {} : { reason };
  if (!approved) {
    await recordDecision(context, orderId, "rejected", { decision: "rejected", ...because });
    throw new ApprovalRejectedError(`order rejected by approver${reason ? `: ${reason}` : ""}`);
  }
  await recordDecision(context, orderId, "approved", { decision: "approved", ...because });
}

/** Parses the callback result; throws InvalidApprovalResponseError for anything but `{approved: boolean, reason?}`. */
export function parseDecision(answer: string | undefined): ApprovalDecision {
  let json: unknown;
  try {
    json = JSON.parse(answer ?? "");
  } catch {
    throw new InvalidApprovalResponseError('approval response is not JSON; expected {"approved": true|false, "reason"?: "..."}');
  }
  const parsed = parseApprovalDecision(json);
  if (!parsed.ok) {
    throw new InvalidApprovalResponseError(`approval response is not a decision: ${parsed.errors.map(({ field, message }) => `${field} ${message}`).join("; ")}`);
  }
  return parsed.value;
}

/**
 * Stores the decision on the order's approval (keeping its callback id and request
 * time). An approval also moves the order to `approved` in the same write (step
 * `record-approved`); a rejection or timeout only records the decision (step
 * `record-approval-decision`), because its terminal status is written after the
 * compensations, so that a reader who sees it also sees them.
 */
async function recordDecision(
  context: DurableContext,
  orderId: string,
  status: Extract<OrderStatus, "approved" | "rejected" | "approval-timed-out">,
  decision: Pick<ApprovalInfo, "decision" | "reason">,
): Promise<void> {
  const name = status === "approved" ? "record-approved" : "record-approval-decision";
  await context.step(
    name,
    async () => {
      const stored = await getOrder(orderId);
      if (!stored?.approval) throw new OrderNotFoundError(orderId);
      const decidedAt = new Date().toISOString();
      const approval: ApprovalInfo = { ...stored.approval, ...decision, decidedAt };
      if (status === "approved") await writeStatus(orderId, "approved", { approval });
      else await patchOrder(orderId, { approval });
      approvalDecided(approval.requestedAt, decidedAt);
      return approval;
    },
    { retryStrategy: DATA_STEP_RETRY },
  );
}
