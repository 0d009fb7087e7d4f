/**
 * The order as a customer submits it, and its validated form.
 *
 * Every object is strict: an unknown field is an error rather than silently dropped,
 * so a typo such as `quantiy` cannot turn into a default. Prices arrive in dollars and
 * leave this module as integer cents (`unitPriceCents`).
 */
import * as z from "zod/mini";
import { dollarsToCents, isDollarAmount } from "./money";
import { isUsStateCode, type UsStateCode } from "./tax";
import { parseWith, type ParseResult } from "./validation";

/**
 * Order ids are `ord_` + 32 hex digits when the API makes them; the workflow accepts any
 * id of this alphabet, and 58 characters keep `order-<id>` a valid durable execution name.
 */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,58}$/;

export const ORDER_LIMITS = {
  maxItems: 50,
  maxQuantity: 1000,
  maxPriceUsd: 1_000_000,
  maxEmailLength: 254,
} as const;

const customerIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ or -"));

const stateSchema = z.pipe(
  z.string().check(z.trim(), z.toUpperCase(), z.refine(isUsStateCode, "must be a US state code such as CA or NY")),
  z.transform((state) => state as UsStateCode),
);

const shippingAddressSchema = z.strictObject({
  line1: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  city: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
  state: stateSchema,
  zip: z.string().check(z.regex(/^\d{5}(-\d{4})?$/, "must be a 5-digit ZIP or ZIP+4 (12345-6789)")),
  country: z.optional(z.literal("US", "only US addresses are supported")),
});

const priceSchema = z.number("must be a number of dollars").check(
  z.positive("must be greater than 0"),
  z.maximum(ORDER_LIMITS.maxPriceUsd, `must be at most ${ORDER_LIMITS.maxPriceUsd}`),
  z.refine(isDollarAmount, "must have at most 2 decimals"),
);

const itemSchema = z.pipe(
  z.strictObject({
    productId: z.string().check(z.regex(/^[A-Z0-9-]{1,32}$/, "must be 1-32 characters of A-Z, 0-9 or -")),
    name: z.string().check(z.trim(), z.minLength(1, "must not be empty"), z.maxLength(200)),
    quantity: z.number("must be a number").check(
      z.refine(Number.isInteger, "must be a whole number"),
      z.minimum(1, "must be at least 1"),
      z.maximum(ORDER_LIMITS.maxQuantity, `must be at most ${ORDER_LIMITS.maxQuantity}`),
    ),
    price: priceSchema,
  }),
  z.transform(({ price, ...item }) => ({ ...item, unitPriceCents: dollarsToCents(price) })),
);

export const orderInputSchema = z.strictObject(
  {
    customerId: customerIdSchema,
    customerEmail: z.email({ error: (issue) => (issue.input === undefined ? "is required" : "must be an email address") }).check(
      z.maxLength(ORDER_LIMITS.maxEmailLength),
    ),
    shippingAddress: shippingAddressSchema,
    items: z.array(itemSchema).check(
      z.minLength(1, "must contain at least one item"),
      z.maxLength(ORDER_LIMITS.maxItems, `must contain at most ${ORDER_LIMITS.maxItems} items`),
      z.superRefine((items, ctx) => {
        // One line per product keeps reservations keyed by (order, product) unambiguous.
        const seen = new Set<string>();
        items.forEach((item, index) => {
          if (seen.has(item.productId)) {
            ctx.addIssue({ code: "custom", path: [index, "productId"], message: "appears more than once; combine the quantities" });
          }
          seen.add(item.productId);
        });
      }),
    ),
    paymentToken: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "must be a JSON object" : undefined) },
);

/** What a caller sends (prices in dollars). */
export type OrderInput = z.input<typeof orderInputSchema>;
/** What the system works with after validation (prices in cents). */
export type ValidatedOrder = z.output<typeof orderInputSchema>;
export type LineItem = ValidatedOrder["items"][number];
export type ShippingAddress = ValidatedOrder["shippingAddress"];

export type { FieldError, ParseResult } from "./validation";
export { formatPath } from "./validation";

export function parseOrderInput(input: unknown): ParseResult<ValidatedOrder> {
  return parseWith(orderInputSchema, input);
}
