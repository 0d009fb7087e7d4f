/**
 * Runtime checks of the worker messages in contracts.ts. The orchestrator is the only
 * intended caller, but a worker is a plain Lambda function anyone with permission can
 * invoke, so it checks what it is given.
 */
import * as z from "zod/mini";
import { isUsStateCode, type UsStateCode } from "../domain/tax";
import type { InventoryRequest, PaymentRequest, ShippingRequest, TaxRequest } from "./contracts";

const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) => z.int().check(z.minimum(min), z.maximum(max));
const orderId = z.string().check(z.minLength(1), z.maxLength(128));
const productId = z.string().check(z.regex(/^[A-Z0-9-]{1,32}$/, "must be 1-32 characters of A-Z, 0-9 or -"));
const items = z.array(z.strictObject({ productId, quantity: int(1, 1_000_000) })).check(z.minLength(1), z.maxLength(50));
const state = z.pipe(
  z.string().check(z.refine(isUsStateCode, "must be a US state code")),
  z.transform((code) => code as UsStateCode),
);
const positiveCents = int(1);

export const inventoryRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("check"), orderId, items }),
  z.strictObject({ action: z.literal("reserve"), orderId, items }),
  z.strictObject({ action: z.literal("release"), orderId, items }),
  z.strictObject({ action: z.literal("ship"), orderId, items }),
]) satisfies z.ZodMiniType<InventoryRequest>;

export const paymentRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("authorize"),
    orderId,
    amountCents: positiveCents,
    paymentToken: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  }),
  z.strictObject({ action: z.literal("capture"), orderId, amountCents: positiveCents }),
  z.strictObject({ action: z.literal("refund"), orderId, amountCents: positiveCents }),
  z.strictObject({ action: z.literal("void"), orderId }),
]) satisfies z.ZodMiniType<PaymentRequest>;

export const shippingRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("quote"), orderId, items, state, subtotalCents: z.optional(int(0)) }),
  z.strictObject({ action: z.literal("label"), orderId, items, state, zip: z.string().check(z.regex(/^\d{5}(-\d{4})?$/)) }),
  z.strictObject({
    action: z.literal("pickupStatus"),
    orderId,
    trackingNumber: z.string().check(z.minLength(1), z.maxLength(64)),
    poll: int(1),
  }),
]) satisfies z.ZodMiniType<ShippingRequest>;

export const taxRequestSchema = z.strictObject({
  action: z.literal("calculate"),
  orderId,
  subtotalCents: int(0),
  state,
}) satisfies z.ZodMiniType<TaxRequest>;
