/**
 * Generators of requests the API must refuse. Each generated case carries what the
 * answer must be: the 4xx statuses allowed, and the text (a field path, a key, an
 * error code) the JSON error has to name so a caller can tell what was wrong.
 *
 * Most cases start from a valid order and break exactly one thing, so the request is
 * invalid for a known reason; the rest are broken as a whole (not JSON, wrong media
 * type, too large).
 */
import fc from "fast-check";
import { REQUEST_LIMITS } from "../../../src/api/request";
import { US_STATE_CODES } from "../../../src/domain/tax";
import type { OrderInputBody, RawRequest } from "./orders";
import { PRODUCTS } from "./orders";

/** What a refusal must look like. */
export interface ExpectedRefusal {
  statuses: readonly number[];
  /** The error JSON (code, message or a detail's field) must contain one of these. */
  names: readonly string[];
}

export interface InvalidCase {
  label: string;
  request: RawRequest;
  expect: ExpectedRefusal;
}

/** The API's body limit. */
export const MAX_BODY_BYTES: number = REQUEST_LIMITS.maxBodyBytes;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type PathSegment = string | number;

const JSON_HEADERS = { "content-type": "application/json" } as const;

// ------------------------------------------------------------------ valid orders

const STATES = ["CA", "NY", "TX", "WA", "FL", "IL", "OR", "MN"] as const;

export const validOrderArb: fc.Arbitrary<OrderInputBody> = fc.record({
  customerId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  customerEmail: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,20}$/), fc.constantFrom("example.com", "example.org")).map(([local, domain]) => `${local}@${domain}`),
  shippingAddress: fc.record({
    line1: fc.constantFrom("1 Main St", "42 Harbor Way", "7 Elm Ct"),
    city: fc.constantFrom("Sacramento", "Albany", "Austin"),
    state: fc.constantFrom(...STATES),
    zip: fc.stringMatching(/^\d{5}(-\d{4})?$/),
    country: fc.constant("US"),
  }),
  items: fc.uniqueArray(fc.constantFrom(...Object.values(PRODUCTS)), { minLength: 1, maxLength: 3, selector: (p) => p.productId })
    .chain((products) => fc.tuple(...products.map((product) => fc.integer({ min: 1, max: 3 }).map((quantity) => ({ ...product, quantity }))))),
  paymentToken: fc.constant("tok_visa"),
});

// ------------------------------------------------------------------ editing JSON by path

function clone(order: OrderInputBody): Json {
  return JSON.parse(JSON.stringify(order)) as Json;
}

function parentOf(root: Json, path: readonly PathSegment[]): { parent: Record<string, Json> | Json[]; key: PathSegment } {
  let node: Json = root;
  for (const segment of path.slice(0, -1)) {
    node = (node as Record<string, Json>)[segment as string] as Json;
  }
  const key = path[path.length - 1];
  if (key === undefined) throw new Error("empty path");
  return { parent: node as Record<string, Json>, key };
}

function withValue(order: OrderInputBody, path: readonly PathSegment[], value: Json | undefined): Json {
  const root = clone(order);
  const { parent, key } = parentOf(root, path);
  if (value === undefined) delete (parent as Record<string, Json>)[key as string];
  else (parent as Record<string, Json>)[key as string] = value;
  return root;
}

/** Adds an own enumerable key, `__proto__` included (an object literal would set the prototype instead). */
function withExtraKey(order: OrderInputBody, objectPath: readonly PathSegment[], key: string, value: Json): Json {
  const root = clone(order);
  let target: Json = root;
  for (const segment of objectPath) target = (target as Record<string, Json>)[segment as string] as Json;
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return root;
}

/** `["items", 0, "quantity"]` → `items[0].quantity`, as the API names fields. */
export function fieldName(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out ? `.${segment}` : segment;
  return out || "(root)";
}

/** A string body is sent as it is (already JSON, or deliberately not); anything else is sent as its JSON. */
function orderCase(label: string, body: Json | string, names: readonly string[], statuses: readonly number[] = [400]): InvalidCase {
  return {
    label,
    request: { path: "/orders", headers: { ...JSON_HEADERS }, body: typeof body === "string" ? body : JSON.stringify(body) },
    expect: { statuses, names },
  };
}

// ------------------------------------------------------------------ values of the wrong type

const jsonLeaf = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 20 }));
const notAString: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.array(jsonLeaf, { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), jsonLeaf, { maxKeys: 3 }));
const notANumber: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 20 }), fc.constantFrom("1", "10", "1e3", "12.50"), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), jsonLeaf, { maxKeys: 3 }));
const notAnObject: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 20 }), fc.array(jsonLeaf, { maxLength: 3 }));
const notAnArray: fc.Arbitrary<Json> = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 20 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), jsonLeaf, { maxKeys: 3 }));

const STRING_FIELDS: ReadonlyArray<readonly PathSegment[]> = [
  ["customerId"], ["customerEmail"], ["paymentToken"],
  ["shippingAddress", "state"], ["shippingAddress", "zip"], ["shippingAddress", "line1"], ["shippingAddress", "city"], ["shippingAddress", "country"],
  ["items", 0, "productId"], ["items", 0, "name"],
];
const NUMBER_FIELDS: ReadonlyArray<readonly PathSegment[]> = [["items", 0, "quantity"], ["items", 0, "price"]];
const OBJECT_FIELDS: ReadonlyArray<readonly PathSegment[]> = [["shippingAddress"], ["items", 0]];
const REQUIRED_FIELDS: ReadonlyArray<readonly PathSegment[]> = [
  ["customerId"], ["customerEmail"], ["shippingAddress"], ["items"],
  ["shippingAddress", "state"], ["shippingAddress", "zip"],
  ["items", 0, "productId"], ["items", 0, "name"], ["items", 0, "quantity"], ["items", 0, "price"],
];

const wrongType: fc.Arbitrary<InvalidCase> = fc.oneof(
  fc.tuple(validOrderArb, fc.constantFrom(...STRING_FIELDS), notAString).map(([order, path, value]) => orderCase(`${fieldName(path)} is not a string`, withValue(order, path, value), [fieldName(path)])),
  fc.tuple(validOrderArb, fc.constantFrom(...NUMBER_FIELDS), notANumber).map(([order, path, value]) => orderCase(`${fieldName(path)} is not a number`, withValue(order, path, value), [fieldName(path)])),
  fc.tuple(validOrderArb, fc.constantFrom(...OBJECT_FIELDS), notAnObject).map(([order, path, value]) => orderCase(`${fieldName(path)} is not an object`, withValue(order, path, value), [fieldName(path)])),
  fc.tuple(validOrderArb, notAnArray).map(([order, value]) => orderCase("items is not an array", withValue(order, ["items"], value), ["items"])),
  notAnObject.map((value) => orderCase("the body is not an object", JSON.stringify(value), ["(root)"])),
);

const missingField: fc.Arbitrary<InvalidCase> = fc
  .tuple(validOrderArb, fc.constantFrom(...REQUIRED_FIELDS))
  .map(([order, path]) => orderCase(`${fieldName(path)} is missing`, withValue(order, path, undefined), [fieldName(path)]));

// ------------------------------------------------------------------ unknown and dangerous keys

const ALLOWED_KEYS: Record<string, ReadonlySet<string>> = {
  root: new Set(["customerId", "customerEmail", "shippingAddress", "items", "paymentToken"]),
  shippingAddress: new Set(["line1", "city", "state", "zip", "country"]),
  item: new Set(["productId", "name", "quantity", "price"]),
};
const DANGEROUS_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "$where", "quantiy"] as const;

const extraKey: fc.Arbitrary<InvalidCase> = fc
  .tuple(
    validOrderArb,
    fc.constantFrom<[string, readonly PathSegment[]]>(["root", []], ["shippingAddress", ["shippingAddress"]], ["item", ["items", 0]]),
    fc.oneof(fc.constantFrom(...DANGEROUS_KEYS), fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" })),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  )
  .filter(([, [where], key]) => !ALLOWED_KEYS[where]?.has(key))
  .map(([order, [, path], key, value]) => orderCase(`extra key ${JSON.stringify(key)} in ${fieldName(path)}`, withExtraKey(order, path, key, value), [key]));

// ------------------------------------------------------------------ numbers out of range

const badQuantity: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.integer({ min: 1001, max: 1_000_000_000 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).filter((n) => !Number.isInteger(n)),
  fc.constantFrom(1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 1.000001),
);
const badPrice: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.double({ min: -1e9, max: -1e-9, noNaN: true }),
  fc.double({ min: 1_000_000.01, max: 1e300, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 1, max: 99_999_999 }).filter((n) => n % 10 !== 0).map((n) => n / 1000),
  fc.constantFrom(1e-9, 1e308, 0.001, 12.345, 1_000_000.01),
);

const outOfRange: fc.Arbitrary<InvalidCase> = fc.oneof(
  fc.tuple(validOrderArb, badQuantity).map(([order, q]) => orderCase(`quantity ${q}`, withValue(order, ["items", 0, "quantity"], q), ["items[0].quantity"])),
  fc.tuple(validOrderArb, badPrice).map(([order, p]) => orderCase(`price ${p}`, withValue(order, ["items", 0, "price"], p), ["items[0].price"])),
);

// ------------------------------------------------------------------ item lists

const itemLists: fc.Arbitrary<InvalidCase> = fc.oneof(
  validOrderArb.map((order) => orderCase("no items", withValue(order, ["items"], []), ["items"])),
  fc.tuple(validOrderArb, fc.integer({ min: 51, max: 120 })).map(([order, count]) => {
    const items = Array.from({ length: count }, (_, i) => ({ productId: `SKU-${i}`, name: `Item ${i}`, quantity: 1, price: 1 }));
    return orderCase(`${count} items`, withValue(order, ["items"], items), ["items"]);
  }),
  validOrderArb.map((order) => {
    const first = order.items[0] as unknown as Json;
    return orderCase("the same product twice", withValue(order, ["items"], [first, first]), ["items[1].productId"]);
  }),
);

// ------------------------------------------------------------------ strings: long, empty, unicode

function longString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.integer({ min: minLength, max: maxLength }).map((n) => "x".repeat(n)),
    fc.string({ minLength, maxLength, unit: "grapheme" }).filter((s) => s.trim().length >= minLength),
  );
}

const badStrings: fc.Arbitrary<InvalidCase> = fc.oneof(
  fc.tuple(validOrderArb, longString(65, 4000)).map(([o, s]) => orderCase("customerId too long", withValue(o, ["customerId"], s), ["customerId"])),
  fc.tuple(validOrderArb, longString(201, 4000)).map(([o, s]) => orderCase("item name too long", withValue(o, ["items", 0, "name"], s), ["items[0].name"])),
  fc.tuple(validOrderArb, longString(201, 4000)).map(([o, s]) => orderCase("line1 too long", withValue(o, ["shippingAddress", "line1"], s), ["shippingAddress.line1"])),
  fc.tuple(validOrderArb, longString(101, 4000)).map(([o, s]) => orderCase("city too long", withValue(o, ["shippingAddress", "city"], s), ["shippingAddress.city"])),
  fc.tuple(validOrderArb, longString(65, 4000)).map(([o, s]) => orderCase("paymentToken too long", withValue(o, ["paymentToken"], s), ["paymentToken"])),
  fc.tuple(validOrderArb, fc.integer({ min: 250, max: 4000 })).map(([o, n]) => orderCase("email too long", withValue(o, ["customerEmail"], `${"a".repeat(n)}@example.com`), ["customerEmail"])),
  fc.tuple(validOrderArb, fc.constantFrom<readonly PathSegment[]>(["customerId"], ["customerEmail"], ["items", 0, "productId"], ["items", 0, "name"], ["shippingAddress", "zip"], ["shippingAddress", "state"], ["paymentToken"]), fc.constantFrom("", " ", "\t\n"))
    .filter(([, path, s]) => !(s !== "" && path[0] === "paymentToken"))
    .map(([o, path, s]) => orderCase(`${fieldName(path)} empty`, withValue(o, path, s), [fieldName(path)])),
  fc.tuple(validOrderArb, fc.string({ minLength: 1, maxLength: 64, unit: "grapheme" }).filter((s) => !/^[A-Za-z0-9_-]{1,64}$/.test(s)))
    .map(([o, s]) => orderCase("customerId with other characters", withValue(o, ["customerId"], s), ["customerId"])),
  fc.tuple(validOrderArb, fc.string({ minLength: 1, maxLength: 40, unit: "grapheme" }).filter((s) => !/^[A-Z0-9-]{1,32}$/.test(s)))
    .map(([o, s]) => orderCase("productId with other characters", withValue(o, ["items", 0, "productId"], s), ["items[0].productId"])),
  fc.tuple(validOrderArb, fc.oneof(fc.string({ maxLength: 12, unit: "grapheme" }), fc.constantFrom("１２３４５", "٩٥٨١٤", "9581", "958140", "95814-12", "ABCDE")).filter((s) => !/^\d{5}(-\d{4})?$/.test(s)))
    .map(([o, s]) => orderCase("zip not a ZIP", withValue(o, ["shippingAddress", "zip"], s), ["shippingAddress.zip"])),
  fc.tuple(validOrderArb, fc.oneof(fc.string({ maxLength: 6, unit: "grapheme" }), fc.constantFrom("XX", "ZZ", "PR", "GU", "Cal", "ＣＡ", "C A", "ON")).filter((s) => !(US_STATE_CODES as readonly string[]).includes(s.trim().toUpperCase())))
    .map(([o, s]) => orderCase("state not a US state", withValue(o, ["shippingAddress", "state"], s), ["shippingAddress.state"])),
  fc.tuple(validOrderArb, fc.string({ maxLength: 10, unit: "grapheme" }).filter((s) => s !== "US"))
    .map(([o, s]) => orderCase("country not US", withValue(o, ["shippingAddress", "country"], s), ["shippingAddress.country"])),
  fc.tuple(validOrderArb, fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" }).filter((s) => !s.includes("@")))
    .map(([o, s]) => orderCase("email without @", withValue(o, ["customerEmail"], s), ["customerEmail"])),
);


// ------------------------------------------------------------------ broken documents

function notJson(text: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

const invalidJson: fc.Arbitrary<InvalidCase> = fc.oneof(
  validOrderArb.chain((order) => {
    const text = JSON.stringify(order);
    return fc.integer({ min: 1, max: text.length - 1 }).map((cut) => text.slice(0, cut));
  }),
  validOrderArb.map((order) => JSON.stringify(order).replace(/}$/, ",}")),
  validOrderArb.map((order) => JSON.stringify(order).replace(/"/g, "'")),
  fc.constantFrom("{", "}", "[", "{customerId: 1}", "NaN", "undefined", "{\"a\":NaN}", "{\"a\":Infinity}", "\u0000", "{\"a\":1}}", "<xml/>", "customerId=c1&items=2"),
  fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }),
)
  .filter((text) => text.trim() !== "" && notJson(text))
  .map((text) => orderCase("not JSON", text, ["invalid_json", "JSON"]));

const emptyBody: fc.Arbitrary<InvalidCase> = fc.constantFrom("", " ", "\n\t ").map((text) => orderCase("empty body", text, ["invalid_json", "empty"]));

const WRONG_MEDIA_TYPES = [
  "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
  "application/xml", "application/json; charset=latin1", "application/json; charset=utf-16", "application/jsonx", "json", "*/*",
] as const;

const wrongMediaType: fc.Arbitrary<InvalidCase> = fc.oneof(
  fc.tuple(validOrderArb, fc.constantFrom(...WRONG_MEDIA_TYPES)).map(([order, contentType]) => ({
    label: `content-type ${contentType}`,
    request: { path: "/orders", headers: { "content-type": contentType }, body: JSON.stringify(order) },
    expect: { statuses: [415], names: ["unsupported_media_type", "application/json"] },
  })),
  // Bytes without a content-type header at all.
  validOrderArb.map((order) => ({
    label: "no content-type",
    request: { path: "/orders", headers: {}, body: new TextEncoder().encode(JSON.stringify(order)) },
    expect: { statuses: [415], names: ["unsupported_media_type", "application/json"] },
  })),
);

const tooLarge: fc.Arbitrary<InvalidCase> = fc
  .tuple(validOrderArb, fc.integer({ min: MAX_BODY_BYTES + 1, max: 6 * MAX_BODY_BYTES }), fc.constantFrom("application/json", "text/plain"))
  .map(([order, size, contentType]) => {
    const text = JSON.stringify(order);
    // Pad with whitespace before the closing brace: still the same JSON document, just too big.
    const body = `${text.slice(0, -1)}${" ".repeat(Math.max(0, size - text.length))}}`;
    return {
      label: `${body.length}-byte body`,
      request: { path: "/orders", headers: { "content-type": contentType }, body },
      expect: { statuses: [413], names: ["payload_too_large"] },
    };
  });

const INVALID_IDEMPOTENCY_KEYS = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9]{1,7}$/),
  fc.integer({ min: 129, max: 600 }).map((n) => "k".repeat(n)),
  fc.constantFrom("key with spaces", "key/with/slash", "key\"quoted\"", "ключ-ключ-ключ", "caf\u00e9-order-1", "a,b,c,d,e,f,g,h", "{json:true}", "../../etc/passwd"),
);

const invalidIdempotencyKey: fc.Arbitrary<InvalidCase> = fc.tuple(validOrderArb, INVALID_IDEMPOTENCY_KEYS).map(([order, key]) => ({
  label: `idempotency key ${JSON.stringify(key)}`,
  // A latin-1 header value must be sent as bytes; fetch refuses wider characters, so those are encoded.
  request: { path: "/orders", headers: { ...JSON_HEADERS, "idempotency-key": toHeaderValue(key) }, body: JSON.stringify(order) },
  expect: { statuses: [400], names: ["Idempotency-Key", "invalid_idempotency_key"] },
}));

/** Header values are bytes; characters beyond latin-1 are sent as their UTF-8 bytes (what a raw client would put on the wire). */
function toHeaderValue(value: string): string {
  return Buffer.from(value, "utf8").toString("latin1");
}

/** The size gate comes first: whatever else is wrong, a body over the limit is a 413. */
function sizeGateFirst(invalid: InvalidCase): InvalidCase {
  const body = invalid.request.body;
  const bytes = body === undefined ? 0 : typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;
  return bytes > MAX_BODY_BYTES ? { ...invalid, expect: { statuses: [413], names: ["payload_too_large"] } } : invalid;
}

/** Every kind of invalid POST /orders request, roughly evenly. */
export const invalidOrderRequestArb: fc.Arbitrary<InvalidCase> = fc
  .oneof(wrongType, missingField, extraKey, outOfRange, itemLists, badStrings, invalidJson, emptyBody, wrongMediaType, tooLarge, invalidIdempotencyKey)
  .map(sizeGateFirst);

// ------------------------------------------------------------------ approvals

function approvalCase(orderId: string, label: string, body: Json | string, names: readonly string[], statuses: readonly number[] = [400], headers: Record<string, string> = { ...JSON_HEADERS }): InvalidCase {
  return {
    label,
    request: { path: `/orders/${encodeURIComponent(orderId)}/approval`, headers, body: typeof body === "string" ? body : JSON.stringify(body) },
    expect: { statuses, names },
  };
}

function withOwnKey(base: Record<string, Json>, key: string, value: Json): Json {
  const copy: Record<string, Json> = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/**
 * Invalid approval requests for `orderId` (an order waiting for approval) and for
 * order ids that do not exist or are malformed.
 */
export function invalidApprovalRequestArb(orderId: string): fc.Arbitrary<InvalidCase> {
  const decision = fc.record({ approved: fc.boolean() });
  return fc.oneof(
    fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 10 }), fc.constantFrom("true", "false", "yes", 1, 0), fc.array(fc.boolean(), { maxLength: 2 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.boolean(), { maxKeys: 2 }))
      .map((value) => approvalCase(orderId, "approved is not a boolean", { approved: value as Json }, ["approved"])),
    fc.record({ reason: fc.string({ maxLength: 50 }) }, { requiredKeys: [] }).map((body) => approvalCase(orderId, "approved is missing", body, ["approved"])),
    fc.tuple(decision, notAString).map(([d, reason]) => approvalCase(orderId, "reason is not a string", { ...d, reason }, ["reason"])),
    fc.tuple(decision, longString(501, 8000)).map(([d, reason]) => approvalCase(orderId, "reason too long", { ...d, reason }, ["reason"])),
    fc.tuple(decision, fc.oneof(fc.constantFrom(...DANGEROUS_KEYS, "callbackId", "status", "orderId"), fc.string({ minLength: 1, maxLength: 30, unit: "grapheme" })), fc.jsonValue({ maxDepth: 1 }) as fc.Arbitrary<Json>)
      .filter(([, key]) => key !== "approved" && key !== "reason")
      .map(([d, key, value]) => approvalCase(orderId, `extra key ${JSON.stringify(key)}`, withOwnKey(d, key, value), [key])),
    notAnObject.map((value) => approvalCase(orderId, "body is not an object", JSON.stringify(value), ["(root)"])),
    fc.oneof(fc.constantFrom("{", "{approved: true}", "{'approved':true}", "{\"approved\":tru}", "true false", "{\"approved\":true,}"), fc.string({ minLength: 1, maxLength: 50, unit: "grapheme" }))
      .filter((text) => text.trim() !== "" && notJson(text))
      .map((text) => approvalCase(orderId, "not JSON", text, ["invalid_json", "JSON"])),
    fc.tuple(decision, fc.constantFrom(...WRONG_MEDIA_TYPES)).map(([d, contentType]) => approvalCase(orderId, `content-type ${contentType}`, d, ["unsupported_media_type", "application/json"], [415], { "content-type": contentType })),
    fc.integer({ min: MAX_BODY_BYTES + 1, max: 4 * MAX_BODY_BYTES }).map((size) => approvalCase(orderId, `${size}-byte body`, `{"approved":true,"reason":"${"r".repeat(size)}"}`, ["payload_too_large"], [413])),
    // Orders that do not exist, or whose id is not an order id at all.
    fc.tuple(fc.uuid(), decision).map(([id, d]) => approvalCase(`ord-${id}`, "unknown order", d, ["order_not_found", "not_found", "does not exist"], [404])),
    fc.tuple(fc.oneof(fc.string({ minLength: 1, maxLength: 30, unit: "grapheme" }).filter((s) => !/^[A-Za-z0-9_-]+$/.test(s) && s.trim() !== "" && !/[./\\?#%]/.test(s)), fc.integer({ min: 200, max: 2000 }).map((n) => "o".repeat(n))), decision)
      .map(([id, d]) => approvalCase(id, "malformed order id", d, ["order", "not_found", "invalid_order_id"], [400, 404])),
  ).map(sizeGateFirst);
}
