/**
 * Shipping: poll the carrier until it has collected the parcel (`waitForCondition`,
 * backing off between polls, giving up after PICKUP_MAX_POLLS), then move the stock
 * from reserved to shipped.
 *
 * The poll's check runs like a step and cannot call `context.invoke`, so it asks the
 * shipping worker through a plain Lambda Invoke (carrier-client.ts). A poll whose call
 * fails counts as "not collected yet" rather than failing the order: a check that
 * throws would end `waitForCondition` at once, without a retry.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import type { InventoryRequest, InventoryResponse } from "../../workers/contracts";
import { askPickupStatus } from "../carrier-client";
import { CarrierUnavailableError, WorkerRefusedError } from "../errors";
import type { WorkflowConfig } from "../config";
import { invokeWorker } from "../invoke-worker";
import { itemRefs, type LabelledOrder } from "../model";
import { recordOrderStatus } from "../order-status";
import { pickupWaitStrategy, type PickupPollState } from "../policies";

export async function shipOrder(context: DurableContext, labelled: LabelledOrder, config: WorkflowConfig): Promise<void> {
  const { orderId, order, trackingNumber } = labelled;

  await context.waitForCondition<PickupPollState>(
    "await-pickup",
    async (state) => {
      const poll = state.polls + 1;
      try {
        const answer = await askPickupStatus(config.functions.shipping, { action: "pickupStatus", orderId, trackingNumber, poll });
        if (!answer.ok) return { polls: poll, ready: false, lastError: answer.message };
        return { polls: poll, ready: answer.action === "pickupStatus" && answer.ready };
      } catch (error) {
        if (error instanceof CarrierUnavailableError) return { polls: poll, ready: false, lastError: error.message };
        throw error;
      }
    },
    { initialState: { polls: 0, ready: false }, waitStrategy: pickupWaitStrategy(config.pickupMaxPolls) },
  );

  const shipment = await invokeWorker<InventoryRequest, InventoryResponse>(context, "ship-order", config.functions.inventory, { action: "ship", orderId, items: itemRefs(order) });
  if (!shipment.ok) throw new WorkerRefusedError(`inventory refused to ship: ${shipment.message}`);
  await recordOrderStatus(context, orderId, "shipped");
}
