/**
 * The order as its durable workflow takes it (prices in dollars), built from the fields
 * an order is stored with. The API and the re-driver both build it here, from the same
 * fields, so both send byte-identical start payloads: Lambda treats a repeated
 * DurableExecutionName with the same payload as the same execution.
 */
import { centsToDollars } from "./money";
import type { LineItem, OrderInput, ShippingAddress } from "./order";

export interface StoredOrderFields {
  customerId: string;
  customerEmail: string;
  shippingAddress: ShippingAddress;
  items: readonly LineItem[];
  paymentToken?: string;
}

export function workflowOrderInput(order: StoredOrderFields): OrderInput {
  return {
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    shippingAddress: { ...order.shippingAddress },
    items: order.items.map(({ productId, name, quantity, unitPriceCents }) => ({ productId, name, quantity, price: centsToDollars(unitPriceCents) })),
    ...(order.paymentToken === undefined ? {} : { paymentToken: order.paymentToken }),
  };
}

/** Stored as the order's failureReason when Lambda refuses, for good, to start its workflow. */
export const START_FAILURE_REASON = "the order workflow could not be started";
