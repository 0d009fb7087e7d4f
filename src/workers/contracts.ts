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
  | "NOT_CAPTURED"
  /** Capture after the authorization was voided. */
  | "AUTHORIZATION_VOIDED"
  /** Void after capture (refund instead). */
  | "ALREADY_CAPTURED"
  /** Capture above the authorized amount, or refund above the captured one. */
  | "AMOUNT_EXCEEDS_AUTHORIZED"
  /** Ship of stock the order does not hold reserved. */
  | "NOT_RESERVED";

export interface WorkerFailure {
  ok: false;
  reason: BusinessFailureReason;
  message: string;
}

export type WorkerResult<T> = ({ ok: true } & T) | WorkerFailure;

// ------------------------------------------------------------------ inventory
export type InventoryRequest =
  | { action: "check"; orderId: string; items: LineItemRef[] }
  | { action: "reserve"; orderId: string; items: LineItemRef[] }
  | { action: "release"; orderId: string; items: LineItemRef[] }
  /** Moves the order's reservation to shipped once the carrier has the parcel. */
  | { action: "ship"; orderId: string; items: LineItemRef[] };

/** OUT_OF_STOCK failures list the unknown or short products in `unavailable` (and name them in `message`). */
export type InventoryResponse =
  | { ok: true; action: InventoryRequest["action"]; orderId: string; unavailable?: string[] }
  | (WorkerFailure & { unavailable?: string[] });

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
  /** With `subtotalCents`, orders from $100 ship ground free (see domain/shipping.ts). */
  | { action: "quote"; orderId: string; items: LineItemRef[]; state: UsStateCode; subtotalCents?: Cents }
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
