/** Inventory worker: check, reserve, release and ship stock through the inventory repository. */
import type { Context } from "aws-lambda";
import { checkStock, releaseStock, reserveStock, shipStock } from "../adapters/inventory-repository";
import type { InventoryRequest, InventoryResponse } from "./contracts";
import { inventoryRequestSchema } from "./requests";
import { runWorker } from "./worker-runtime";

export async function handler(event: InventoryRequest, context?: Context): Promise<InventoryResponse> {
  return runWorker("inventory", inventoryRequestSchema, event, async (request): Promise<InventoryResponse> => {
    const { action, orderId, items } = request;
    switch (action) {
      case "check": {
        const { available, unavailable } = await checkStock(items);
        return available ? { ok: true, action, orderId } : outOfStock(unavailable);
      }
      case "reserve": {
        const result = await reserveStock(orderId, items);
        return result.ok ? { ok: true, action, orderId } : outOfStock(result.unavailable);
      }
      case "release":
        // Releasing what was never reserved (or already released) is a successful no-op.
        await releaseStock(orderId, items);
        return { ok: true, action, orderId };
      case "ship": {
        const result = await shipStock(orderId, items);
        return result.ok
          ? { ok: true, action, orderId }
          : { ok: false, reason: "NOT_RESERVED", message: `not reserved for this order: ${result.notReserved.join(", ")}` };
      }
      default:
        return action satisfies never;
    }
  }, context);
}

function outOfStock(unavailable: string[]): InventoryResponse {
  return { ok: false, reason: "OUT_OF_STOCK", message: `out of stock: ${unavailable.join(", ")}`, unavailable };
}
