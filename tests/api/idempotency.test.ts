import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { getIdempotencyRecord, IDEMPOTENCY_SETTINGS } from "../../src/adapters/idempotency-store";
import { requestFingerprint, scopedIdempotencyKey } from "../../src/api/idempotency";
import { createOrder, getOrder, recordStatus } from "../../src/adapters/orders-repository";
import { parseOrderInput } from "../../src/domain/order";
import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, validOrder, withRecordingLambda } from "./support/api";

const local = withLocalDynamo();
const recording = withRecordingLambda();
captureLogs();

function postOrder(body: unknown, headers: Record<string, string>) {
  return call({ method: "POST", path: "/orders", body, headers });
}

async function ordersOf(customerId: string): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await local.doc.send(
    new ScanCommand({ TableName: process.env.ORDERS_TABLE, FilterExpression: "customerId = :c", ExpressionAttributeValues: { ":c": customerId } }),
  );
  return Items;
}

describe("POST /orders with an Idempotency-Key", () => {
  it("answers a repeat of the same request with the same order id and starts nothing new", async () => {
    const order = validOrder({ customerId: "idem-same" });
    const first = await postOrder(order, { "Idempotency-Key": "same-key-same-body" });
    const second = await postOrder(order, { "Idempotency-Key": "same-key-same-body" });

    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
    expect(second.headers.location).toBe(first.headers.location);
    expect(second.headers["idempotent-replayed"]).toBe("true");
    expect(recording.lambda.invokes).toHaveLength(1);
    expect(await ordersOf("idem-same")).toHaveLength(1);
  });

  it("treats the same JSON with other key order and spacing as the same request", async () => {
    const order = validOrder({ customerId: "idem-canonical" });
    const reordered = Object.fromEntries(Object.entries(order).reverse());
    const first = await postOrder(order, { "Idempotency-Key": "canonical-body-key" });
    const second = await call({
      method: "POST",
      path: "/orders",
      body: JSON.stringify(reordered, null, 2),
      headers: { "content-type": "application/json", "Idempotency-Key": "canonical-body-key" },
    });

    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
  });

  it("answers 422 when the key is reused with another body", async () => {
    await postOrder(validOrder({ customerId: "idem-other" }), { "Idempotency-Key": "reused-key-0001" });
    const answer = await postOrder(validOrder({ customerId: "idem-other", paymentToken: "tok_other" }), { "Idempotency-Key": "reused-key-0001" });

    expect(answer.status).toBe(422);
    expect(errorOf(answer).code).toBe("idempotency_key_reused");
    expect(recording.lambda.invokes).toHaveLength(1);
    expect(await ordersOf("idem-other")).toHaveLength(1);
  });

  it("accepts the older x-idempotency-key header, and header names in any case", async () => {
    const order = validOrder({ customerId: "idem-legacy" });
    const first = await postOrder(order, { "X-Idempotency-Key": "legacy-header-key" });
    const second = await postOrder(order, { "idempotency-key": "legacy-header-key" });

    expect(second.json).toEqual(first.json);
    expect(recording.lambda.invokes).toHaveLength(1);
  });

  it.each([
    ["too short", "short"],
    ["too long", "k".repeat(129)],
    ["with spaces", "has spaces in it"],
    ["with a slash", "a/b/c/d/e/f"],
    ["with non-ASCII letters", "clé-de-commande"],
  ])("answers 400 for a key %s", async (_, key) => {
    const answer = await postOrder(validOrder({ customerId: "idem-badkey" }), { "Idempotency-Key": key });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "invalid_idempotency_key", details: [{ field: "Idempotency-Key" }] });
    expect(await ordersOf("idem-badkey")).toHaveLength(0);
  });

  it("answers 400 when the two idempotency headers disagree", async () => {
    const answer = await postOrder(validOrder(), { "Idempotency-Key": "first-key-0001", "x-idempotency-key": "second-key-002" });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe("invalid_idempotency_key");
  });

  it("creates one order and starts one workflow for 50 concurrent identical requests, all naming that order", async () => {
    const order = validOrder({ customerId: "idem-concurrent" });

    const answers = await Promise.all(Array.from({ length: 50 }, () => postOrder(order, { "Idempotency-Key": "fifty-at-once-0001" })));

    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(202));
    const orderIds = new Set(answers.map((answer) => (answer.json as { orderId: string }).orderId));
    expect(orderIds.size).toBe(1);
    const stored = await ordersOf("idem-concurrent");
    expect(stored.map((item) => item.orderId)).toEqual([...orderIds]);
    expect(recording.lambda.invokes).toHaveLength(1);
    expect(recording.lambda.invokes[0]?.DurableExecutionName).toBe(`order-${[...orderIds][0]}`);
  });

  it("answers 422 to concurrent requests that reuse a key with another body, and creates one order", async () => {
    const a = validOrder({ customerId: "idem-race-a" });
    const b = validOrder({ customerId: "idem-race-b" });

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => postOrder(i % 2 === 0 ? a : b, { "Idempotency-Key": "race-two-bodies-1" })));

    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(10).fill(202), ...Array(10).fill(422)]);
    expect((await ordersOf("idem-race-a")).length + (await ordersOf("idem-race-b")).length).toBe(1);
    expect(recording.lambda.invokes).toHaveLength(1);
  });

  it("finishes the order of a request that died holding the key, when the client retries after the lease", async () => {
    const order = validOrder({ customerId: "idem-takeover" });
    const orderId = "ord_0123456789abcdef0123456789abcdef";
    const now = Date.now();
    await local.doc.send(
      new PutCommand({
        TableName: process.env.IDEMPOTENCY_TABLE,
        Item: {
          idempotencyKey: scopedIdempotencyKey("crashed-owner-key"),
          status: "IN_PROGRESS",
          requestHash: requestFingerprint(order),
          orderId,
          expiresAt: Math.floor(now / 1000) + 3600,
          leaseExpiresAt: now - 1,
          createdAt: new Date(now - 120_000).toISOString(),
        },
      }),
    );

    const answer = await postOrder(order, { "Idempotency-Key": "crashed-owner-key" });

    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ orderId });
    expect((await getOrder(orderId))?.status).toBe("received");
    expect(recording.lambda.invokes.map((invoke) => invoke.DurableExecutionName)).toEqual([`order-${orderId}`]);
  });

  it("leases the key to its request until the invocation's deadline (the API's Timeout) plus a margin", async () => {
    const remainingMs = 30_000;
    const lambdaContext = { getRemainingTimeInMillis: () => remainingMs } as Context;
    const before = Date.now();
    const answer = await call({ method: "POST", path: "/orders", body: validOrder({ customerId: "idem-lease" }), headers: { "Idempotency-Key": "lease-follows-deadline" } }, lambdaContext);
    const after = Date.now();

    expect(answer.status).toBe(202);
    const record = await getIdempotencyRecord(scopedIdempotencyKey("lease-follows-deadline"));
    expect(record?.leaseExpiresAt).toBeGreaterThanOrEqual(before + remainingMs + IDEMPOTENCY_SETTINGS.leaseMarginMs);
    expect(record?.leaseExpiresAt).toBeLessThanOrEqual(after + remainingMs + IDEMPOTENCY_SETTINGS.leaseMarginMs);
  });

  it("makes a new order when the request that died holding the key had already failed its order", async () => {
    const order = validOrder({ customerId: "idem-dead-failed" });
    const deadOrderId = "ord_fedcba9876543210fedcba9876543210";
    const parsed = parseOrderInput(order);
    if (!parsed.ok) throw new Error("the test order should be valid");
    await createOrder({ ...parsed.value, orderId: deadOrderId });
    await recordStatus(deadOrderId, "failed", new Date().toISOString(), { failureReason: "the order workflow could not be started" });
    const now = Date.now();
    await local.doc.send(
      new PutCommand({
        TableName: process.env.IDEMPOTENCY_TABLE,
        Item: {
          idempotencyKey: scopedIdempotencyKey("dead-and-failed-key"),
          status: "IN_PROGRESS",
          requestHash: requestFingerprint(order),
          orderId: deadOrderId,
          expiresAt: Math.floor(now / 1000) + 3600,
          leaseExpiresAt: now - 1,
          createdAt: new Date(now - 120_000).toISOString(),
        },
      }),
    );

    const answer = await postOrder(order, { "Idempotency-Key": "dead-and-failed-key" });

    expect(answer.status).toBe(202);
    const { orderId } = answer.json as { orderId: string };
    expect(orderId).not.toBe(deadOrderId);
    expect((await getOrder(deadOrderId))?.status).toBe("failed");
    expect(recording.lambda.invokes.map((invoke) => invoke.DurableExecutionName)).toEqual([`order-${orderId}`]);
  });
});
