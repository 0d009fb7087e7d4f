/**
 * Property: whatever is wrong with a POST /orders request, the answer is a 4xx JSON
 * error, no order row is written and no workflow is started.
 */
import fc from "fast-check";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { parseOrderInput } from "../../src/domain/order";
import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, validOrder, withRecordingLambda } from "./support/api";

const local = withLocalDynamo();
const recording = withRecordingLambda();
captureLogs();

const RUNS = 300;

interface BadRequest {
  kind: string;
  body: string;
  contentType: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const base = (): Record<string, Json> => validOrder() as Record<string, Json>;
const json = (value: unknown): string => JSON.stringify(value);

const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constant<Json>([]),
  fc.constant<Json>({}),
  fc.array(fc.integer(), { maxLength: 3 }),
);
const longString = fc.string({ minLength: 300, maxLength: 2000 });
const unicodeString = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }).filter((s) => /[^\x20-\x7e]/.test(s));
const forbiddenKey = fc.constantFrom("__proto__", "constructor", "prototype");
const unknownKey = fc.oneof(forbiddenKey, fc.string({ minLength: 1, maxLength: 20 }));

const badQuantity: fc.Arbitrary<Json> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 0 }),
  fc.integer({ min: 1001, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ min: 1.01, max: 999.99, noNaN: true }).filter((q) => !Number.isInteger(q)),
  fc.constant(1e308),
  fc.constantFrom("1", "ten", null, true),
);
const badPrice: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(0),
  fc.double({ min: -1e9, max: -0.01, noNaN: true }),
  fc.double({ min: 1_000_000.01, max: 1e300, noNaN: true }),
  fc.integer({ min: 1, max: 99_999 }).map((n) => n + 0.001),
  fc.constantFrom("12.34", null, false),
);

/** Replaces the value at `path` (or deletes it when `value` is undefined) in a fresh valid order. */
function mutate(path: (string | number)[], value: Json | undefined): string {
  const order: Record<string, Json> = base();
  let target: Record<string, Json> | Json[] = order;
  for (const segment of path.slice(0, -1)) target = (target as Record<string, Json>)[segment] as Record<string, Json>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete (target as Record<string, Json>)[last];
  else (target as Record<string, Json>)[last] = value;
  return json(order);
}

/** Adds a key as an own property (JSON text), so `__proto__` stays data. */
function withExtraKey(path: "root" | "address" | "item", key: string, value: Json): string {
  const order = base();
  const extra = `${json(key)}:${json(value)},`;
  const text = json(order);
  if (path === "root") return `{${extra}${text.slice(1)}`;
  const marker = path === "address" ? '"shippingAddress":{' : '"items":[{';
  return text.replace(marker, `${marker}${extra}`);
}

const item = (i: number): Json => ({ productId: `P-${i}`, name: `Product ${i}`, quantity: 1, price: 1 });

const badRequests: fc.Arbitrary<BadRequest> = fc.oneof(
  fc.constantFrom("customerId", "customerEmail", "shippingAddress", "items").map((field) => ({ kind: `missing ${field}`, body: mutate([field], undefined), contentType: "application/json" })),
  fc.tuple(fc.constantFrom<(string | number)[]>(["customerId"], ["customerEmail"], ["shippingAddress"], ["items"], ["shippingAddress", "state"], ["shippingAddress", "zip"], ["items", 0], ["items", 0, "name"], ["items", 0, "productId"], ["paymentToken"]), wrongType).map(
    ([path, value]) => ({ kind: `wrong type at ${path.join(".")}`, body: mutate(path, value), contentType: "application/json" }),
  ),
  badQuantity.map((q) => ({ kind: "bad quantity", body: mutate(["items", 0, "quantity"], q), contentType: "application/json" })),
  badPrice.map((p) => ({ kind: "bad price", body: mutate(["items", 1, "price"], p), contentType: "application/json" })),
  fc.constantFrom<(string | number)[]>(["customerId"], ["items", 0, "name"], ["customerEmail"], ["shippingAddress", "zip"], ["paymentToken"]).chain((path) =>
    longString.map((s) => ({ kind: `long string at ${path.join(".")}`, body: mutate(path, s), contentType: "application/json" })),
  ),
  unicodeString.map((s) => ({ kind: "unicode customerId", body: mutate(["customerId"], s), contentType: "application/json" })),
  unicodeString.map((s) => ({ kind: "unicode productId", body: mutate(["items", 0, "productId"], s), contentType: "application/json" })),
  fc.constantFrom("ZZ", "XX", "", "12", "CAL", "Ontario").map((state) => ({ kind: "unknown state", body: mutate(["shippingAddress", "state"], state), contentType: "application/json" })),
  fc.string({ maxLength: 30 }).filter((s) => !s.includes("@")).map((email) => ({ kind: "bad email", body: mutate(["customerEmail"], email), contentType: "application/json" })),
  fc.tuple(fc.constantFrom<"root" | "address" | "item">("root", "address", "item"), unknownKey, wrongType).map(([where, key, value]) => ({
    kind: `extra key in ${where}`,
    body: withExtraKey(where, key, value),
    contentType: "application/json",
  })),
  fc.constant({ kind: "empty items", body: mutate(["items"], []), contentType: "application/json" }),
  fc.integer({ min: 51, max: 80 }).map((n) => ({ kind: "too many items", body: mutate(["items"], Array.from({ length: n }, (_, i) => item(i))), contentType: "application/json" })),
  fc.constant({ kind: "duplicate product", body: mutate(["items"], [item(1), item(1)]), contentType: "application/json" }),
  fc.oneof(fc.constant(null), fc.integer(), fc.string(), fc.array(fc.integer())).map((value) => ({ kind: "not an object", body: json(value), contentType: "application/json" })),
  fc.integer({ min: 1, max: json(validOrder()).length - 1 }).map((cut) => ({ kind: "truncated JSON", body: json(validOrder()).slice(0, cut), contentType: "application/json" })),
  fc.constantFrom("{'customerId': 'c1'}", "{customerId: 1}", "NaN", "undefined", "[1,]", '{"a":1}}').map((body) => ({ kind: "invalid JSON", body, contentType: "application/json" })),
  fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "application/vnd.api+json", "").map((contentType) => ({
    kind: `content type "${contentType}"`,
    body: json(validOrder()),
    contentType,
  })),
  fc.integer({ min: 32 * 1024 + 1, max: 200 * 1024 }).map((size) => ({ kind: "oversized body", body: json({ ...validOrder(), padding: "x".repeat(size) }), contentType: "application/json" })),
);

/** A case is only interesting if the domain itself calls it invalid (or it never reaches the domain). */
function reachesDomainAsValid(request: BadRequest): boolean {
  if (!/^application\/json/.test(request.contentType) || Buffer.byteLength(request.body) > 32 * 1024) return false;
  try {
    return parseOrderInput(JSON.parse(request.body)).ok;
  } catch {
    return false;
  }
}

async function countOf(tableName: string | undefined): Promise<number> {
  const { Count } = await local.doc.send(new ScanCommand({ TableName: tableName, Select: "COUNT" }));
  return Count ?? 0;
}

const orderCount = (): Promise<number> => countOf(process.env.ORDERS_TABLE);

describe("POST /orders with invalid requests (property)", () => {
  it(`answers ${RUNS} generated invalid requests with a 4xx JSON error, writing no order and starting no workflow`, async () => {
    const seen = new Map<string, number>();

    await fc.assert(
      fc.asyncProperty(badRequests, fc.option(fc.uuid(), { nil: undefined }), async (request, key) => {
        fc.pre(!reachesDomainAsValid(request));
        seen.set(request.kind.split(" at ")[0]!, (seen.get(request.kind.split(" at ")[0]!) ?? 0) + 1);
        const headers: Record<string, string> = request.contentType ? { "content-type": request.contentType } : {};
        if (key) headers["Idempotency-Key"] = key;

        const answer = await call({ method: "POST", path: "/orders", body: request.body, headers });

        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        const error = errorOf(answer);
        expect(error.message.length).toBeGreaterThan(0);
        if (error.code === "validation_failed") expect(error.details?.length).toBeGreaterThan(0);
        expect(recording.lambda.invokes).toHaveLength(0);
      }),
      { numRuns: RUNS },
    );

    expect(await orderCount()).toBe(0);
    expect(await countOf(process.env.IDEMPOTENCY_TABLE)).toBe(0);
    expect(seen.size).toBeGreaterThan(10);
  });
});

const badDecisions: fc.Arbitrary<string> = fc.oneof(
  fc.constant("{}"),
  wrongType.filter((v) => typeof v !== "boolean").map((approved) => json({ approved })),
  fc.tuple(fc.boolean(), unknownKey.filter((k) => k !== "approved" && k !== "reason"), wrongType).map(([approved, key, value]) => `{${json(key)}:${json(value)},"approved":${approved}}`),
  fc.tuple(fc.boolean(), fc.string({ minLength: 501, maxLength: 2000 })).map(([approved, reason]) => json({ approved, reason })),
  fc.tuple(fc.boolean(), wrongType.filter((v) => typeof v !== "string")).map(([approved, reason]) => json({ approved, reason })),
  fc.integer({ min: 1, max: 15 }).map((cut) => '{"approved":true}'.slice(0, cut)),
  fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.boolean())).map(json),
);

describe("POST /orders/{orderId}/approval with invalid bodies (property)", () => {
  it("answers every generated invalid decision with a 4xx JSON error and sends no callback", async () => {
    await fc.assert(
      fc.asyncProperty(badDecisions, fc.constantFrom("ord_0000000000000000000000000000beef", "bad id!"), async (body, orderId) => {
        const answer = await call({ method: "POST", path: `/orders/${encodeURIComponent(orderId)}/approval`, body, headers: { "content-type": "application/json" } });

        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        errorOf(answer);
        expect(recording.lambda.callbacks).toHaveLength(0);
      }),
      { numRuns: 200 },
    );
  });
});
