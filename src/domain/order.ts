/**
 * The order as a customer submits it, and its validated form.
 *
 * Every object is strict: an unknown field is an error rather than silently dropped,
 * so a typo such as `quantiy` cannot turn into a default. Prices arrive in dollars and
 * leave this module as integer cents (`unitPriceCents`).
 */
import { z } from "zod";
import { dollarsToCents, isDollarAmount } from "./money";
import { isUsStateCode, type UsStateCode } from "./tax";

export const ORDER_LIMITS = {
  maxItems: 50,
  maxQuantity: 1000,
  maxPriceUsd: 1_000_000,
  maxEmailLength: 254,
} as const;

/** Keys that could reach an object's prototype if some later code merged the input. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const customerIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1-64 characters of A-Z, a-z, 0-9, _ or -");

const stateSchema = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isUsStateCode, "must be a US state code such as CA or NY")
  .transform((state) => state as UsStateCode);

const shippingAddressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200).optional(),
  city: z.string().trim().min(1).max(100).optional(),
  state: stateSchema,
  zip: z.string().regex(/^\d{5}(-\d{4})?$/, "must be a 5-digit ZIP or ZIP+4 (12345-6789)"),
  country: z.literal("US", "only US addresses are supported").optional(),
});

const priceSchema = z
  .number("must be a number of dollars")
  .positive("must be greater than 0")
  .max(ORDER_LIMITS.maxPriceUsd, `must be at most ${ORDER_LIMITS.maxPriceUsd}`)
  .refine(isDollarAmount, "must have at most 2 decimals");

const itemSchema = z
  .strictObject({
    productId: z.string().regex(/^[A-Z0-9-]{1,32}$/, "must be 1-32 characters of A-Z, 0-9 or -"),
    name: z.string().trim().min(1, "must not be empty").max(200),
    quantity: z
      .number("must be a number")
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(ORDER_LIMITS.maxQuantity, `must be at most ${ORDER_LIMITS.maxQuantity}`),
    price: priceSchema,
  })
  .transform(({ price, ...item }) => ({ ...item, unitPriceCents: dollarsToCents(price) }));

export const orderInputSchema = z.strictObject({
  customerId: customerIdSchema,
  customerEmail: z.email({ error: (issue) => (issue.input === undefined ? "is required" : "must be an email address") }).max(ORDER_LIMITS.maxEmailLength),
  shippingAddress: shippingAddressSchema,
  items: z
    .array(itemSchema)
    .min(1, "must contain at least one item")
    .max(ORDER_LIMITS.maxItems, `must contain at most ${ORDER_LIMITS.maxItems} items`)
    .superRefine((items, ctx) => {
      // One line per product keeps reservations keyed by (order, product) unambiguous.
      const seen = new Set<string>();
      items.forEach((item, index) => {
        if (seen.has(item.productId)) {
          ctx.addIssue({ code: "custom", path: [index, "productId"], message: "appears more than once; combine the quantities" });
        }
        seen.add(item.productId);
      });
    }),
  paymentToken: z.string().min(1).max(64).optional(),
}, { error: (issue) => (issue.code === "invalid_type" ? "must be a JSON object" : undefined) });

/** What a caller sends (prices in dollars). */
export type OrderInput = z.input<typeof orderInputSchema>;
/** What the system works with after validation (prices in cents). */
export type ValidatedOrder = z.output<typeof orderInputSchema>;
export type LineItem = ValidatedOrder["items"][number];
export type ShippingAddress = ValidatedOrder["shippingAddress"];

export interface FieldError {
  /** Path in the submitted JSON, e.g. `items[0].quantity`; `(root)` for the document itself. */
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseOrderInput(input: unknown): ParseResult<ValidatedOrder> {
  const result = orderInputSchema.safeParse(input, { error: requiredMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toFieldErrors) };
}

/** Fills in a readable message where a schema gives none of its own. */
function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined;
}

function toFieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      field: formatPath([...issue.path, key]),
      message: FORBIDDEN_KEYS.has(key) ? "is a forbidden key" : "is not an allowed field",
    }));
  }
  return [{ field: formatPath(issue.path), message: issue.message }];
}

/** ["items", 0, "quantity"] → "items[0].quantity". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || "(root)";
}

