/**
 * The re-driver Lambda: runs every minute (template.yaml, OrderRedriverFunction). It
 * starts the workflow of every order that was stored but never started, and reports how
 * many orders have waited for approval longer than the alarm threshold: two things that
 * no event would otherwise tell, because a stranded or waiting order emits nothing.
 */
import type { Context, ScheduledEvent } from "aws-lambda";
import { createLogger, startInvocation } from "../observability/logger";
import { emitMetric } from "../observability/metrics";
import { redriverConfig } from "./config";
import { countOrdersAwaitingApprovalTooLong, redriveStrandedOrders, type RedriveReport } from "./redrive-stranded-orders";

const logger = createLogger("order-redriver");

export interface RedriverRun extends RedriveReport {
  awaitingApprovalTooLong: number;
}

export async function handler(_event: ScheduledEvent, context?: Context): Promise<RedriverRun> {
  startInvocation(logger, context);
  const config = redriverConfig();
  const report = await redriveStrandedOrders(config);
  const awaitingApprovalTooLong = await countOrdersAwaitingApprovalTooLong(config);
  // Every run emits both, 0 included, so the alarms see a steady series rather than gaps.
  emitMetric("StrandedOrdersFound", report.found, {});
  emitMetric("OrdersAwaitingApprovalTooLong", awaitingApprovalTooLong, {});
  // Identifiers and counts only: the orders' contact data never reaches a log.
  const run = { ...report, awaitingApprovalTooLong };
  if (report.found > 0) logger.warn("stranded orders re-driven", { ...run });
  else logger.info("stranded orders re-driven", { ...run });
  return run;
}
