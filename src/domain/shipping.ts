/**
 * The simulated carrier's ground-shipping price list:
 *
 *   shipping = min($5.99 + $1.50 × (units − 1), $29.99)   flat-rate ground
 *            + $10.00 when shipping to AK or HI            remote-area surcharge
 *   ground part is free when the goods subtotal is $100.00 or more (if the caller passes it)
 *
 * Units are the sum of item quantities. Prices are in integer cents.
 */
import { createHash } from "node:crypto";
import type { Cents } from "./money";
import type { UsStateCode } from "./tax";

export const SHIPPING_RATES = {
  carrier: "SIMULATED-GROUND",
  firstUnitCents: 599,
  additionalUnitCents: 150,
  groundCapCents: 2999,
  remoteSurchargeCents: 1000,
  remoteStates: ["AK", "HI"] as readonly UsStateCode[],
  freeGroundFromSubtotalCents: 10_000,
} as const;

export interface ShippingQuoteInput {
  items: readonly { quantity: number }[];
  state: UsStateCode;
  /** Goods subtotal; when given, orders at or above the threshold ship ground free. */
  subtotalCents?: Cents;
}

export function quoteShippingCents({ items, state, subtotalCents }: ShippingQuoteInput): Cents {
  const units = items.reduce((sum, item) => sum + item.quantity, 0);
  if (!Number.isSafeInteger(units) || units < 1) throw new RangeError("a shipment needs at least one unit");
  const freeGround = subtotalCents !== undefined && subtotalCents >= SHIPPING_RATES.freeGroundFromSubtotalCents;
  const ground = freeGround
    ? 0
    : Math.min(SHIPPING_RATES.firstUnitCents + SHIPPING_RATES.additionalUnitCents * (units - 1), SHIPPING_RATES.groundCapCents);
  const surcharge = SHIPPING_RATES.remoteStates.includes(state) ? SHIPPING_RATES.remoteSurchargeCents : 0;
  return ground + surcharge;
}

/** Same order, same tracking number: a retried label request cannot print a second parcel. */
export function trackingNumberFor(orderId: string): string {
  return `SIM${createHash("sha256").update(orderId).digest("hex").slice(0, 15).toUpperCase()}`;
}

/** The carrier is ready to collect once it has been asked often enough. */
export function isPickupReady(poll: number, readyAfterPolls: number): boolean {
  return poll >= readyAfterPolls;
}
