/**
 * Completion: tell the customer, award loyalty points, mark the order completed and
 * return its summary. Notification and points are best effort: an order that has
 * shipped is complete even if the email could not be sent.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { totalsInDollars } from "../../domain/totals";
import { isOperationFailure } from "../invoke-worker";
import type { LabelledOrder, OrderSummary } from "../model";
import { orderCompleted } from "../order-metrics";
import { writeStatus } from "../order-status";
import { BEST_EFFORT_RETRY, DATA_STEP_RETRY } from "../policies";

/** One point per whole dollar of goods (tax and shipping earn nothing). */
export function loyaltyPointsFor(subtotalCents: number): number {
  return Math.floor(subtotalCents / 100);
}

export async function completeOrder(context: DurableContext, labelled: LabelledOrder): Promise<OrderSummary> {
  const { orderId, totals, trackingNumber, acceptedAt } = labelled;

  await bestEffort(() =>
    context.step(
      "send-notification",
      async ({ logger }) => {
        // The simulated email: the order id only, never the address (no PII in logs).
        logger.info("order shipped notification sent", { orderId, trackingNumber });
        return { channel: "email", sentAt: new Date().toISOString() };
      },
      { retryStrategy: BEST_EFFORT_RETRY },
    ),
  );
  await bestEffort(() =>
    context.step("award-loyalty-points", async () => ({ points: loyaltyPointsFor(totals.subtotalCents) }), { retryStrategy: BEST_EFFORT_RETRY }),
  );

  await context.step(
    "complete-order",
    async () => {
      const change = await writeStatus(orderId, "completed");
      orderCompleted(acceptedAt, change.at);
      return change;
    },
    { retryStrategy: DATA_STEP_RETRY },
  );
  return { orderId, status: "completed", totals: totalsInDollars(totals), trackingNumber };
}

async function bestEffort(operation: () => Promise<unknown>): Promise<void> {
  try {
    await operation();
  } catch (error) {
    if (!isOperationFailure(error)) throw error;
  }
}
