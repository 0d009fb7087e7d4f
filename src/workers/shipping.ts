/**
 * Shipping worker, a simulated carrier: quotes by items and state, prints a label whose
 * tracking number is derived from the order id, and reports pickup readiness by poll
 * number (ready from PICKUP_READY_AFTER_POLLS on).
 */
import type { Context } from "aws-lambda";
import { isPickupReady, quoteShippingCents, SHIPPING_RATES, trackingNumberFor } from "../domain/shipping";
import { numberEnv } from "../adapters/env";
import type { ShippingRequest, ShippingResponse } from "./contracts";
import { shippingRequestSchema } from "./requests";
import { refuse, runWorker } from "./worker-runtime";

export const DEFAULT_PICKUP_READY_AFTER_POLLS = 3;

export async function handler(event: ShippingRequest, context?: Context): Promise<ShippingResponse> {
  return runWorker("shipping", shippingRequestSchema, event, async (request): Promise<ShippingResponse> => {
    const { orderId } = request;
    switch (request.action) {
      case "quote":
        return {
          ok: true,
          action: "quote",
          orderId,
          shippingCents: quoteShippingCents({ items: request.items, state: request.state, ...(request.subtotalCents !== undefined ? { subtotalCents: request.subtotalCents } : {}) }),
          carrier: SHIPPING_RATES.carrier,
        };
      case "label":
        return { ok: true, action: "label", orderId, trackingNumber: trackingNumberFor(orderId), carrier: SHIPPING_RATES.carrier };
      case "pickupStatus": {
        if (request.trackingNumber !== trackingNumberFor(orderId)) return refuse("INVALID_REQUEST", `unknown tracking number for order ${orderId}`);
        const readyAfter = numberEnv("PICKUP_READY_AFTER_POLLS", DEFAULT_PICKUP_READY_AFTER_POLLS);
        return { ok: true, action: "pickupStatus", orderId, ready: isPickupReady(request.poll, readyAfter), poll: request.poll };
      }
      default:
        return request satisfies never;
    }
  }, context);
}
