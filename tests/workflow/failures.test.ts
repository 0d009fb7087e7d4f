/**
 * Orders that cannot finish: each ends in `failed` with its reason on the order, the
 * execution fails with a named error, and whatever had been done is undone — checked in
 * the inventory and payments tables, not just in the workflow's history.
 */
import type { Handler } from "aws-lambda";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { ExecutionStatus } from "@aws/durable-execution-sdk-js-testing";
import { handler as shippingWorker } from "../../src/workers/shipping";
import type { ShippingRequest } from "../../src/workers/contracts";
import { configureWorkflowEnv, withWorkflowEnvironment } from "./support/harness";
import { named, operationsOf } from "./support/history";
import { anOrder, newOrderId, PRODUCTS } from "./support/orders";

configureWorkflowEnv();
const env = withWorkflowEnvironment();

interface OrderRow {
  status: string;
  statusHistory: Array<{ status: string }>;
  failureReason?: string;
  compensations?: Array<{ action: string; status: string; detail?: string }>;
}

const row = async (orderId: string) => (await env.getOrderRow(orderId)) as unknown as OrderRow;
const ledgerEntries = async (orderId: string) => (await env.getLedger(orderId)).filter((entry) => !entry.entry.startsWith("attempts#"));

describe("an order that cannot finish", () => {
  test("an invalid order the API stored is marked failed with the field errors, and the execution fails with ValidationError", async () => {
    // The API stores the order as received before it starts the workflow; stand in for it with that row.
    const storedId = newOrderId("invalid");
    await env.local.doc.send(
      new PutCommand({
        TableName: env.local.dynamo.tableNames.OrdersTable,
        Item: { orderId: storedId, status: "received", statusHistory: [{ status: "received", at: "2026-01-01T00:00:00.000Z" }], items: [], createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" },
      }),
    );

    const result = await (await env.createRunner()).run({ payload: { orderId: storedId, order: anOrder([{ product: PRODUCTS.book, quantity: 0 }]) } });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "ValidationError", errorMessage: expect.stringContaining("items[0].quantity") });
    const stored = await row(storedId);
    expect(stored.status).toBe("failed");
    expect(stored.failureReason).toContain("items[0].quantity");
    expect(operationsOf(result).map((operation) => operation.name)).toEqual(["validate-order"]);
  });

  test("an order for an unknown product fails as out of stock, with the authorization voided and no stock taken", async () => {
    const orderId = newOrderId("unknown-product");
    const bookBefore = await env.getStock(PRODUCTS.book.productId);

    const result = await (await env.createRunner()).run({
      payload: { orderId, order: anOrder([{ product: PRODUCTS.book }, { product: { productId: "NOPE-404", name: "Does not exist", price: 1 } }]) },
    });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "OutOfStockError", errorMessage: expect.stringContaining("NOPE-404") });
    const order = await row(orderId);
    expect(order.status).toBe("failed");
    expect(order.statusHistory.map((entry) => entry.status)).toEqual(["received", "validated", "failed"]);
    expect(order.failureReason).toContain("NOPE-404");
    expect(order.compensations).toEqual([expect.objectContaining({ action: "void-payment", status: "succeeded" })]);
    expect((await ledgerEntries(orderId)).map((entry) => [entry.entry, entry.state])).toEqual(expect.arrayContaining([["authorize", "voided"], ["void", undefined]]));
    expect((await env.getStock(PRODUCTS.book.productId)).onHand).toBe(bookBefore.onHand);
  });

  test("a declined card (tok_decline) fails the order as payment declined, with nothing to void", async () => {
    const orderId = newOrderId("declined");

    const result = await (await env.createRunner()).run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book }], { paymentToken: "tok_decline" }) } });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "PaymentDeclinedError" });
    const order = await row(orderId);
    expect(order.status).toBe("failed");
    expect(order.failureReason).toContain("declined");
    expect(order.compensations ?? []).toEqual([]);
    expect(await ledgerEntries(orderId)).toEqual([]);
    const operations = operationsOf(result);
    expect(named(operations, "prepare-order")).toEqual([expect.objectContaining({ type: "CONTEXT", subType: "Parallel", status: "SUCCEEDED" })]);
    expect(named(operations, "authorize-payment").filter((operation) => operation.type === "CHAINED_INVOKE")).toHaveLength(1);
  });

  test("a fraud-flagged customer is refused after preparation, before any stock is reserved", async () => {
    const orderId = newOrderId("fraud");

    const result = await (await env.createRunner()).run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book }], { customerId: "cust-fraud" }) } });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "FraudSuspectedError" });
    const order = await row(orderId);
    expect(order.statusHistory.map((entry) => entry.status)).toEqual(["received", "validated", "prepared", "failed"]);
    expect(order.compensations).toEqual([expect.objectContaining({ action: "void-payment", status: "succeeded" })]);
    expect(named(operationsOf(result), "commit-order")).toEqual([]);
  });

  test("a failure after the capture refunds the payment and restores the stock, newest first, exactly once", async () => {
    // The carrier refuses the label (a business answer, `ok: false`); everything else is the real shipping worker.
    const carrierRefusesLabels: Handler = (event: ShippingRequest) =>
      event.action === "label"
        ? Promise.resolve({ ok: false, reason: "INVALID_REQUEST", message: "carrier cannot deliver to this address" })
        : shippingWorker(event);
    const orderId = newOrderId("refund");
    const keyboardBefore = await env.getStock(PRODUCTS.keyboard.productId);

    const result = await (await env.createRunner({ shipping: carrierRefusesLabels })).run({
      payload: { orderId, order: anOrder([{ product: PRODUCTS.keyboard, quantity: 2 }]) },
    });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "ShippingLabelRefusedError" });
    const order = await row(orderId);
    expect(order.status).toBe("failed");
    expect(order.statusHistory.map((entry) => entry.status)).toEqual([
      "received",
      "validated",
      "prepared",
      "fraud-checked",
      "inventory-reserved",
      "payment-processed",
      "invoice-generated",
      "awaiting-warehouse",
      "items-picked",
      "quality-checked",
      "packaged",
      "failed",
    ]);
    expect(order.failureReason).toContain("carrier cannot deliver");
    // Newest first: the capture was the later action, so its refund runs before the stock release.
    expect(order.compensations?.map(({ action, status }) => ({ action, status }))).toEqual([
      { action: "refund-payment", status: "succeeded" },
      { action: "release-inventory", status: "succeeded" },
    ]);
    const compensationContexts = operationsOf(result).filter((operation) => operation.name?.startsWith("compensate-"));
    expect(compensationContexts.map((operation) => operation.name)).toEqual(["compensate-refund-payment", "compensate-release-inventory"]);

    const keyboardAfter = await env.getStock(PRODUCTS.keyboard.productId);
    expect(keyboardAfter.onHand).toBe(keyboardBefore.onHand);
    expect(keyboardAfter.reserved).toBe(keyboardBefore.reserved);
    expect(await env.getReservation(orderId, PRODUCTS.keyboard.productId)).toMatchObject({ quantity: 2, state: "released" });

    const ledger = await ledgerEntries(orderId);
    const capture = ledger.filter((entry) => entry.entry === "capture");
    const refunds = ledger.filter((entry) => entry.entry === "refund");
    expect(capture).toHaveLength(1);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]?.amountCents).toBe(capture[0]?.amountCents);
    expect(ledger.map((entry) => entry.entry)).not.toContain("void");
  });
});
