/**
 * Finds orders whose workflow never started and starts it.
 *
 * POST /orders stores an order as `received` and then starts its durable execution. A
 * process that dies between the two leaves an order that nothing drives. Starting an
 * execution under the order's DurableExecutionName with the same payload is idempotent,
 * so this can run again and again, and beside the API, without ever running an order twice.
 */
import { getExecutionStatus, LambdaCallError, startOrderWorkflow } from "../adapters/lambda";
import { getOrder, listWatchedOrders, patchOrder, recordStatus, watchShards, type OrderRecord } from "../adapters/orders-repository";
import { START_FAILURE_REASON, workflowOrderInput } from "../domain/workflow-input";
import type { IntakeConfig } from "./config";

/** What a run did. `found` counts orders still `received` past the grace period. */
export interface RedriveReport {
  found: number;
  /** A new execution was started, or the existing one confirmed running. */
  started: number;
  /** The order's execution had already ended while the order never moved: marked failed. */
  failed: number;
  /** Left for the next run (a throttled or failed call to Lambda). */
  deferred: number;
  /** True when the run stopped at maxOrdersPerRun with more to look at. */
  truncated: boolean;
}

/** Orders waiting for a person longer than the alarm threshold: a gauge, since a waiting order emits nothing itself. */
export async function countOrdersAwaitingApprovalTooLong(config: IntakeConfig, now: Date = new Date()): Promise<number> {
  const createdBefore = new Date(now.getTime() - config.approvalWaitAlarmMs).toISOString();
  let count = 0;
  for (const shard of watchShards("approval")) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await listWatchedOrders(shard, createdBefore, { limit: 1000, ...(startKey ? { startKey } : {}) });
      count += page.entries.length;
      startKey = page.nextKey;
    } while (startKey);
  }
  return count;
}

export const WORKFLOW_ENDED_EARLY_REASON = "the order workflow ended before recording any progress";

type Outcome = "started" | "failed" | "deferred" | "moved-on";

export async function redriveStrandedOrders(config: IntakeConfig, now: Date = new Date()): Promise<RedriveReport> {
  const createdBefore = new Date(now.getTime() - config.strandedAfterMs).toISOString();
  const report: RedriveReport = { found: 0, started: 0, failed: 0, deferred: 0, truncated: false };
  let budget = config.maxOrdersPerRun;

  for (const shard of watchShards("intake")) {
    let startKey: Record<string, unknown> | undefined;
    do {
      if (budget <= 0) {
        report.truncated = true;
        return report;
      }
      const page = await listWatchedOrders(shard, createdBefore, { limit: Math.min(budget, 100), ...(startKey ? { startKey } : {}) });
      for (const { orderId } of page.entries) {
        budget--;
        const outcome = await redriveOrder(orderId, now);
        if (outcome === "moved-on") continue;
        report.found++;
        report[outcome]++;
      }
      startKey = page.nextKey;
    } while (startKey);
  }
  return report;
}

/** Starts (or confirms) one order's execution. The index lags the table, so the order is read again first. */
async function redriveOrder(orderId: string, now: Date): Promise<Outcome> {
  const order = await getOrder(orderId);
  if (!order || order.status !== "received") return "moved-on";
  try {
    const start = await startOrderWorkflow(orderId, workflowOrderInput(order));
    if (!start.executionArn) return "started";
    if (order.executionArn === undefined) await patchOrder(orderId, { executionArn: start.executionArn });
    if ((await getExecutionStatus(start.executionArn)) === "RUNNING") return "started";
    return await failIfStillReceived(order, WORKFLOW_ENDED_EARLY_REASON, now);
  } catch (error) {
    if (!(error instanceof LambdaCallError)) throw error;
    if (error.retryable || error.operation === "describe-execution") return "deferred";
    return await failIfStillReceived(order, START_FAILURE_REASON, now);
  }
}

async function failIfStillReceived(order: OrderRecord, failureReason: string, now: Date): Promise<Outcome> {
  const current = await getOrder(order.orderId);
  if (current?.status !== "received") return "moved-on";
  await recordStatus(order.orderId, "failed", now.toISOString(), { failureReason });
  return "failed";
}
