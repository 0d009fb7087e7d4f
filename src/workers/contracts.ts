/**
 * The messages the orchestrator sends to the worker functions with `context.invoke`.
 *
 * Business outcomes (out of stock, declined) come back as data, `{ ok: false, reason }`,
 * so the workflow can decide on them without retrying. A worker throws only for
 * transient trouble (a timeout, throttling, injected chaos), which the workflow retries.
 */
import type { Cents } from "../domain/money";
import type { UsStateCode } from "../domain/tax";

export interface LineItemRef {
  productId: string;
  quantity: number;
}

export type BusinessFailureReason =
  | "OUT_OF_STOCK"
  | "PAYMENT_DECLINED"
  | "INVALID_REQUEST"
  | "NOT_AUTHORIZED"
  | "NOT_CAPTURED";

export type WorkerResult<T> = ({ ok: true } & T) | { ok: false; reason: BusinessFailureReason; message: string };

// ------------------------------------------------------------------ inventory
export type InventoryRequest =
  | { action: "check"; orderId: string; items: LineItemRef[] }
  | { action: "reserve"; orderId: string; items: LineItemRef[] }
  | { action: "release"; orderId: string; items: LineItemRef[] }
  /** Moves the order's reservation to shipped once the carrier has the parcel. */
  | { action: "ship"; orderId: string; items: LineItemRef[] };

export type InventoryResponse = WorkerResult<{ action: InventoryRequest["action"]; orderId: string; unavailable?: string[] }>;

// -------------------------------------------------------------------- payment
export type PaymentRequest =
  | { action: "authorize"; orderId: string; amountCents: Cents; paymentToken?: string }
  | { action: "capture"; orderId: string; amountCents: Cents }
  | { action: "refund"; orderId: string; amountCents: Cents }
  | { action: "void"; orderId: string };

export type PaymentResponse = WorkerResult<{
  action: PaymentRequest["action"];
  orderId: string;
  paymentId: string;
  amountCents: Cents;
  /** True when the ledger already held this action for this order (an idempotent repeat). */
  replayed: boolean;
}>;

// ------------------------------------------------------------------- shipping
export type ShippingRequest =
  | { action: "quote"; orderId: string; items: LineItemRef[]; state: UsStateCode }
  | { action: "label"; orderId: string; items: LineItemRef[]; state: UsStateCode; zip: string }
  /** `poll` is the 1-based poll number, so readiness is a pure function of it. */
  | { action: "pickupStatus"; orderId: string; trackingNumber: string; poll: number };

export type ShippingResponse =
  | WorkerResult<{ action: "quote"; orderId: string; shippingCents: Cents; carrier: string }>
  | WorkerResult<{ action: "label"; orderId: string; trackingNumber: string; carrier: string }>
  | WorkerResult<{ action: "pickupStatus"; orderId: string; ready: boolean; poll: number }>;

// ------------------------------------------------------------------------ tax
export type TaxRequest = { action: "calculate"; orderId: string; subtotalCents: Cents; state: UsStateCode };

export type TaxResponse = WorkerResult<{ action: "calculate"; orderId: string; taxCents: Cents; rateBasisPoints: number }>;
