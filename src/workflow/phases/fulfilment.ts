/**
 * Fulfilment: the warehouse gets time to process the order (a durable `wait`, during
 * which nothing runs and nothing is billed), pickers pick each line (`map`, one
 * checkpoint per item), then quality check, packing and the shipping label.
 */
import { NestingType, type DurableContext } from "@aws/durable-execution-sdk-js";
import type { LineItem } from "../../domain/order";
import type { ShippingRequest, ShippingResponse } from "../../workers/contracts";
import type { WorkflowConfig } from "../config";
import { ShippingLabelRefusedError, WorkerRefusedError } from "../errors";
import { invokeWorker } from "../invoke-worker";
import { itemRefs, type LabelledOrder, type PreparedOrder } from "../model";
import { recordOrderStatus, writeStatus } from "../order-status";
import { DATA_STEP_RETRY, PICKING_COMPLETION, PICKING_MAX_CONCURRENCY } from "../policies";


export interface PickedItem {
  productId: string;
  quantity: number;
  pickedAt: string;
}

export async function fulfilOrder(context: DurableContext, prepared: PreparedOrder, config: WorkflowConfig): Promise<LabelledOrder> {
  const { orderId, order } = prepared;

  await recordOrderStatus(context, orderId, "awaiting-warehouse");
  await context.wait("warehouse-processing", { seconds: config.warehouseWaitSeconds });

  const picking = await context.map(
    "pick-items",
    order.items,
    (picker, item: LineItem) =>
      picker.step(
        "pick-item",
        async (): Promise<PickedItem> => ({ productId: item.productId, quantity: item.quantity, pickedAt: new Date().toISOString() }),
        { retryStrategy: DATA_STEP_RETRY },
      ),
    {
      itemNamer: (item) => `pick-${item.productId}`,
      completionConfig: PICKING_COMPLETION,
      maxConcurrency: PICKING_MAX_CONCURRENCY,
      // One pick-item step per item is the checkpoint; a context around each would only add operations.
      nesting: NestingType.FLAT,
    },
  );
  picking.throwIfError();
  await recordOrderStatus(context, orderId, "items-picked");

  await context.step("quality-check", () => writeStatus(orderId, "quality-checked"), { retryStrategy: DATA_STEP_RETRY });
  await context.step("package-order", () => writeStatus(orderId, "packaged"), { retryStrategy: DATA_STEP_RETRY });

  const label = await invokeWorker<ShippingRequest, ShippingResponse>(context, "create-shipping-label", config.functions.shipping, {
    action: "label",
    orderId,
    items: itemRefs(order),
    state: order.shippingAddress.state,
    zip: order.shippingAddress.zip,
  });
  if (!label.ok) throw new ShippingLabelRefusedError(`shipping label refused: ${label.message}`);
  if (label.action !== "label") throw new WorkerRefusedError(`shipping worker answered ${label.action} to a label request`);

  await recordOrderStatus(context, orderId, "awaiting-pickup", { trackingNumber: label.trackingNumber });
  return { ...prepared, trackingNumber: label.trackingNumber };
}
