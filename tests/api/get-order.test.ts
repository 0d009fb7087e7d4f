import { appendCompensation, patchOrder, recordStatus } from "../../src/adapters/orders-repository";
import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, validOrder, withRecordingLambda } from "./support/api";

withLocalDynamo();
withRecordingLambda();
captureLogs();

async function createdOrderId(body: unknown = validOrder()): Promise<string> {
  const answer = await call({ method: "POST", path: "/orders", body });
  expect(answer.status).toBe(202);
  return (answer.json as { orderId: string }).orderId;
}

const at = (minute: number) => `2026-11-22T10:${String(minute).padStart(2, "0")}:00.000Z`;

describe("GET /orders/{orderId}", () => {
  it("shows a new order as received, with item prices in dollars", async () => {
    const orderId = await createdOrderId();

    const answer = await call({ method: "GET", path: `/orders/${orderId}` });

    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      orderId,
      status: "received",
      statusHistory: [{ status: "received", at: expect.any(String) }],
      customerId: "cust-001",
      customerEmail: "ada@example.com",
      shippingAddress: { state: "CA", zip: "95814" },
      items: [
        { productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 2, price: 39.99, lineTotal: 79.98 },
        { productId: "MOUSE-001", name: "Wireless Mouse", quantity: 1, price: 24.99, lineTotal: 24.99 },
      ],
      compensations: [],
      executionArn: expect.stringContaining(`order-${orderId}`),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(answer.raw.body).not.toMatch(/Cents/);
  });

  it("shows totals in dollars and a pending approval with its callback id", async () => {
    const orderId = await createdOrderId(validOrder({ items: [{ productId: "SERVER-001", name: "Rack Server", quantity: 2, price: 4999.99 }] }));
    await recordStatus(orderId, "validated", at(1));
    await recordStatus(orderId, "prepared", at(2), { totals: { subtotalCents: 999998, taxCents: 72500, shippingCents: 2599, totalCents: 1075097 } });
    await recordStatus(orderId, "fraud-checked", at(3));
    await recordStatus(orderId, "awaiting-approval", at(4), { approval: { callbackId: "cb-123", requestedAt: at(4), thresholdCents: 500000 } });

    const answer = await call({ method: "GET", path: `/orders/${orderId}` });

    expect(answer.json).toMatchObject({
      status: "awaiting-approval",
      statusHistory: [
        { status: "received" },
        { status: "validated", at: at(1) },
        { status: "prepared", at: at(2) },
        { status: "fraud-checked", at: at(3) },
        { status: "awaiting-approval", at: at(4) },
      ],
      totals: { subtotal: 9999.98, tax: 725, shipping: 25.99, total: 10750.97 },
      approval: { pending: true, callbackId: "cb-123", requestedAt: at(4), threshold: 5000 },
    });
  });

  it("shows the failure reason, the compensations and the tracking number", async () => {
    const orderId = await createdOrderId();
    await recordStatus(orderId, "validated", at(1));
    await recordStatus(orderId, "failed", at(2), { failureReason: "payment declined" });
    await appendCompensation(orderId, { action: "void-payment", status: "succeeded", at: at(2) });
    await patchOrder(orderId, { trackingNumber: "TRK-1" });

    const answer = await call({ method: "GET", path: `/orders/${orderId}` });

    expect(answer.json).toMatchObject({
      status: "failed",
      failureReason: "payment declined",
      compensations: [{ action: "void-payment", status: "succeeded", at: at(2) }],
      trackingNumber: "TRK-1",
    });
  });

  it("hides the callback id once the approval is decided", async () => {
    const orderId = await createdOrderId();
    for (const [i, status] of (["validated", "prepared", "fraud-checked"] as const).entries()) await recordStatus(orderId, status, at(i + 1));
    await recordStatus(orderId, "awaiting-approval", at(4), { approval: { callbackId: "cb-spent", requestedAt: at(4), thresholdCents: 500000 } });
    await recordStatus(orderId, "approved", at(5));

    const answer = await call({ method: "GET", path: `/orders/${orderId}` });

    expect((answer.json as { approval: unknown }).approval).toEqual({ pending: false, decision: "approved", requestedAt: at(4), threshold: 5000 });
  });

  it("answers 404 for an unknown order", async () => {
    const answer = await call({ method: "GET", path: "/orders/ord_00000000000000000000000000000000" });
    expect(answer.status).toBe(404);
    expect(errorOf(answer)).toEqual({ code: "order_not_found", message: "Order ord_00000000000000000000000000000000 does not exist." });
  });

  it.each([["ord%20with%20spaces"], ["ord.dots"], ["x".repeat(59)], ["%E0%A4%A"]])("answers 400 for the malformed order id %s", async (id) => {
    const answer = await call({ method: "GET", path: `/orders/${id}` });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "invalid_order_id", details: [{ field: "orderId" }] });
  });
});
