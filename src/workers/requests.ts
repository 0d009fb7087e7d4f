/**
 * Runtime checks of the worker messages in contracts.ts. The orchestrator is the only
 * intended caller, but a worker is a plain Lambda function anyone with permission can
 * invoke, so it checks what it is given.
 */
import { z } from "zod";
import { isUsStateCode, type UsStateCode } from "../domain/tax";
import type { InventoryRequest, PaymentRequest, ShippingRequest, TaxRequest } from "./contracts";

const orderId = z.string().min(1).max(128);
const productId = z.string().regex(/^[A-Z0-9-]{1,32}$/, "must be 1-32 characters of A-Z, 0-9 or -");
const items = z
  .array(z.strictObject({ productId, quantity: z.number().int().min(1).max(1_000_000) }))
  .min(1)
  .max(50);
const state = z
  .string()
  .refine(isUsStateCode, "must be a US state code")
  .transform((code) => code as UsStateCode);
const positiveCents = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const inventoryRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("check"), orderId, items }),
  z.strictObject({ action: z.literal("reserve"), orderId, items }),
  z.strictObject({ action: z.literal("release"), orderId, items }),
  z.strictObject({ action: z.literal("ship"), orderId, items }),
]) satisfies z.ZodType<InventoryRequest>;

export const paymentRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("authorize"), orderId, amountCents: positiveCents, paymentToken: z.string().min(1).max(64).optional() }),
  z.strictObject({ action: z.literal("capture"), orderId, amountCents: positiveCents }),
  z.strictObject({ action: z.literal("refund"), orderId, amountCents: positiveCents }),
  z.strictObject({ action: z.literal("void"), orderId }),
]) satisfies z.ZodType<PaymentRequest>;

export const shippingRequestSchema = z.discriminatedUnion("action", [
  z.strictObject({ action: z.literal("quote"), orderId, items, state, subtotalCents: z.number().int().nonnegative().optional() }),
  z.strictObject({ action: z.literal("label"), orderId, items, state, zip: z.string().regex(/^\d{5}(-\d{4})?$/) }),
  z.strictObject({ action: z.literal("pickupStatus"), orderId, trackingNumber: z.string().min(1).max(64), poll: z.number().int().min(1) }),
]) satisfies z.ZodType<ShippingRequest>;

export const taxRequestSchema = z.strictObject({
  action: z.literal("calculate"),
  orderId,
  subtotalCents: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  state,
}) satisfies z.ZodType<TaxRequest>;
