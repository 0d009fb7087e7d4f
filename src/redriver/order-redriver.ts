/**
 * The re-driver Lambda: runs every minute (template.yaml, OrderRedriverFunction). It
 * starts the workflow of every order that was stored but never started, decides every
 * order whose workflow ended without deciding it (undoing what it held), and reports
 * how many orders have waited for approval longer than the alarm threshold: things no
 * event would otherwise tell, because a stranded, abandoned or waiting order emits nothing.
 *
 * An operator can also invoke it with `{ "orderIds": ["ord_..."] }` to look at those
 * orders now, whatever their age (after the unexplained-failures alarm, say).
 */
import type { Context, ScheduledEvent } from "aws-lambda";
import { ORDER_ID_PATTERN } from "../domain/order";
import { createLogger, startInvocation } from "../observability/logger";
import { emitMetric } from "../observability/metrics";
import { redriverConfig } from "./config";
import { recoverAbandonedOrders, recoverNamedOrders, type RecoveryReport } from "./recover-abandoned-orders";
import { countOrdersAwaitingApprovalTooLong, redriveStrandedOrders, type RedriveReport } from "./redrive-stranded-orders";

const logger = createLogger("order-redriver");

export interface RedriverRun extends RedriveReport {
  abandoned: RecoveryReport;
  awaitingApprovalTooLong: number;
}

/** The operator's event: the orders to look at now. */
export interface RecoverOrdersEvent {
  orderIds: string[];
}

/** At most this many named orders per invocation, so one stays well inside the timeout. */
export const MAX_NAMED_ORDERS = 100;

/** A malformed operator event: thrown before anything is read or written. */
export class RedriverEventError extends Error {
  override readonly name = "RedriverEventError";
}

export async function handler(event: ScheduledEvent | RecoverOrdersEvent, context?: Context): Promise<RedriverRun | RecoveryReport> {
  startInvocation(logger, context);
  if (isRecoverOrdersEvent(event)) {
    const orderIds = namedOrders(event);
    const report = await recoverNamedOrders(orderIds, redriverConfig());
    logger.info("named orders recovered", { requested: orderIds.length, ...report });
    return report;
  }
  const config = redriverConfig();
  const report = await redriveStrandedOrders(config);
  const abandoned = await recoverAbandonedOrders(config);
  const awaitingApprovalTooLong = await countOrdersAwaitingApprovalTooLong(config);
  // Every run emits all three, 0 included, so the alarms see a steady series rather than gaps.
  emitMetric("StrandedOrdersFound", report.found, {});
  emitMetric("AbandonedOrdersFound", abandoned.found, {});
  emitMetric("OrdersAwaitingApprovalTooLong", awaitingApprovalTooLong, {});
  // Identifiers and counts only: the orders' contact data never reaches a log.
  const run = { ...report, abandoned, awaitingApprovalTooLong };
  if (report.found > 0 || abandoned.found > 0) logger.warn("stranded and abandoned orders re-driven", { ...run });
  else logger.info("stranded and abandoned orders re-driven", { ...run });
  return run;
}

function isRecoverOrdersEvent(event: unknown): event is RecoverOrdersEvent {
  return typeof event === "object" && event !== null && "orderIds" in event;
}

function namedOrders(event: RecoverOrdersEvent): string[] {
  const { orderIds } = event;
  if (!Array.isArray(orderIds) || orderIds.length === 0 || orderIds.length > MAX_NAMED_ORDERS) {
    throw new RedriverEventError(`orderIds must be a list of 1 to ${MAX_NAMED_ORDERS} order ids`);
  }
  orderIds.forEach((orderId: unknown, i) => {
    if (typeof orderId !== "string" || !ORDER_ID_PATTERN.test(orderId)) {
      throw new RedriverEventError(`orderIds[${i}] must be 1-58 characters of A-Z, a-z, 0-9, _ or -`);
    }
  });
  return [...new Set(orderIds)];
}
