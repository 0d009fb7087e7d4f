/**
 * Orders that complete: the whole workflow on the official LocalDurableTestRunner (time
 * skipped), the real worker handlers registered as functions, the real tables in dynalite.
 */
import { ExecutionStatus } from "@aws/durable-execution-sdk-js-testing";
import type { Handler } from "aws-lambda";
import type { ShippingRequest } from "../../src/workers/contracts";
import { handler as shippingWorker } from "../../src/workers/shipping";
import { configureWorkflowEnv, withWorkflowEnvironment } from "./support/harness";
import { childrenOf, named, operationsOf } from "./support/history";
import { anOrder, newOrderId, PRODUCTS } from "./support/orders";

configureWorkflowEnv();
const env = withWorkflowEnvironment();

const HAPPY_PATH_WITHOUT_APPROVAL = [
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
  "awaiting-pickup",
  "shipped",
  "completed",
];

interface OrderRow {
  status: string;
  statusHistory: Array<{ status: string; at: string }>;
  totals: { subtotalCents: number; taxCents: number; shippingCents: number; totalCents: number };
  trackingNumber: string;
  invoiceNumber: string;
  executionArn: string;
  compensations?: unknown[];
  approval?: unknown;
}

describe("an order that completes", () => {
  test("a low-value order completes, returns its summary and leaves every status from received to completed on its row", async () => {
    // Prepare
    const runner = await env.createRunner();
    const orderId = newOrderId("low-value");
    const before = await env.getStock(PRODUCTS.book.productId);

    // Act
    const result = await runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book, quantity: 2 }]) } });

    // Assess
    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const summary = result.getResult() as { orderId: string; status: string; totals: Record<string, number>; trackingNumber: string };
    expect(summary).toEqual({
      orderId,
      status: "completed",
      totals: { subtotal: 79.98, tax: 5.8, shipping: summary.totals.shipping, total: summary.totals.total },
      trackingNumber: expect.stringMatching(/\S+/),
    });
    expect(summary.totals.total).toBeCloseTo(79.98 + 5.8 + (summary.totals.shipping ?? NaN), 2);

    const row = (await env.getOrderRow(orderId)) as unknown as OrderRow;
    expect(row.status).toBe("completed");
    expect(row.statusHistory.map((entry) => entry.status)).toEqual(HAPPY_PATH_WITHOUT_APPROVAL);
    const times = row.statusHistory.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(row.totals).toEqual({ subtotalCents: 7998, taxCents: 580, shippingCents: row.totals.shippingCents, totalCents: 7998 + 580 + row.totals.shippingCents });
    expect(row.trackingNumber).toBe(summary.trackingNumber);
    expect(row.invoiceNumber).toMatch(new RegExp(`^INV-\\d{8}-${orderId}$`));
    expect(row.executionArn).toEqual(expect.any(String));
    expect(row.compensations ?? []).toEqual([]);
    expect(row.approval).toBeUndefined();

    const after = await env.getStock(PRODUCTS.book.productId);
    expect(after.onHand).toBe(before.onHand - 2);
    expect(after.shipped).toBe(before.shipped + 2);
    expect(await env.getReservation(orderId, PRODUCTS.book.productId)).toMatchObject({ quantity: 2, state: "shipped" });

    const ledger = (await env.getLedger(orderId)).filter((entry) => !entry.entry.startsWith("attempts#"));
    expect(ledger.map((entry) => entry.entry).sort()).toEqual(["authorize", "capture"]);
    expect(ledger.find((entry) => entry.entry === "capture")?.amountCents).toBe(row.totals.totalCents);

    const operations = operationsOf(result);
    expect(named(operations, "await-approval")).toEqual([]);
    expect(named(operations, "credit-check")).toEqual([]);
  });

  test("a direct invoke without an order id is given one, and the order is stored and completed", async () => {
    const runner = await env.createRunner();

    const result = await runner.run({ payload: { order: anOrder([{ product: PRODUCTS.mouse }]) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const { orderId } = result.getResult() as { orderId: string };
    expect(orderId).toMatch(/^ord-[0-9a-f-]{36}$/);
    const row = (await env.getOrderRow(orderId)) as unknown as OrderRow;
    expect(row.statusHistory.map((entry) => entry.status)).toEqual(HAPPY_PATH_WITHOUT_APPROVAL);
  });

  test("a multi-item order picks every line in the map, one checkpoint per item", async () => {
    const runner = await env.createRunner();
    const orderId = newOrderId("multi-item");
    const lines = [{ product: PRODUCTS.book }, { product: PRODUCTS.mouse, quantity: 3 }, { product: PRODUCTS.keyboard, quantity: 2 }];

    const result = await runner.run({ payload: { orderId, order: anOrder(lines) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const operations = operationsOf(result);
    const [pickItems] = named(operations, "pick-items");
    expect(pickItems).toMatchObject({ type: "CONTEXT", subType: "Map", status: "SUCCEEDED" });
    // FLAT nesting: no context per iteration, so each item is exactly one step under the map.
    const picks = childrenOf(operations, pickItems);
    expect(picks).toHaveLength(lines.length);
    for (const pick of picks) expect(pick).toMatchObject({ name: "pick-item", type: "STEP", status: "SUCCEEDED" });
    for (const { product, quantity = 1 } of lines) {
      expect(await env.getReservation(orderId, product.productId)).toMatchObject({ quantity, state: "shipped" });
    }
  });

  test("the same goods are taxed 7.25% in California and 4% in New York", async () => {
    const goods = [{ product: PRODUCTS.keyboard, quantity: 4 }]; // $358.00

    const california = await (await env.createRunner()).run({ payload: { orderId: newOrderId("tax-ca"), order: anOrder(goods) } });
    const newYork = await (await env.createRunner()).run({
      payload: { orderId: newOrderId("tax-ny"), order: anOrder(goods, { shippingAddress: { line1: "1 Broadway", city: "New York", state: "NY", zip: "10004" } }) },
    });

    const ca = (california.getResult() as { totals: Record<string, number> }).totals;
    const ny = (newYork.getResult() as { totals: Record<string, number> }).totals;
    expect(ca).toMatchObject({ subtotal: 358, tax: 25.96 }); // 358.00 × 7.25 % = 25.955 → 25.96
    expect(ny).toMatchObject({ subtotal: 358, tax: 14.32 }); // 358.00 × 4 % = 14.32
    expect(ca.shipping).toBe(ny.shipping);
  });

  test("an order over $1,000 gets a credit check inside the risk assessment", async () => {
    const runner = await env.createRunner();

    const result = await runner.run({ payload: { orderId: newOrderId("credit"), order: anOrder([{ product: PRODUCTS.laptop }]) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const operations = operationsOf(result);
    const [risk] = named(operations, "assess-risk");
    expect(risk).toMatchObject({ type: "CONTEXT", subType: "RunInChildContext" });
    expect(childrenOf(operations, risk).map((operation) => operation.name)).toEqual(["fraud-check", "credit-check", "record-fraud-checked"]);
  });

  test("a payment that fails transiently (tok_transient) is retried with backoff and the order completes", async () => {
    const runner = await env.createRunner();
    const orderId = newOrderId("transient");

    const result = await runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book }], { paymentToken: "tok_transient" }) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const operations = operationsOf(result);
    const authorizeInvokes = named(operations, "authorize-payment").filter((operation) => operation.type === "CHAINED_INVOKE");
    expect(authorizeInvokes.map((operation) => operation.status)).toEqual(["FAILED", "SUCCEEDED"]);
    expect(named(operations, "authorize-payment-backoff-1")).toEqual([expect.objectContaining({ type: "WAIT", status: "SUCCEEDED" })]);
    const captureInvokes = named(operations, "capture-payment").filter((operation) => operation.type === "CHAINED_INVOKE");
    expect(captureInvokes.map((operation) => operation.status)).toEqual(["FAILED", "SUCCEEDED"]);

    const ledger = await env.getLedger(orderId);
    expect(ledger.find((entry) => entry.entry === "attempts#authorize")?.attempts).toBe(2);
    expect(ledger.filter((entry) => entry.entry === "capture")).toHaveLength(1);
    expect(((await env.getOrderRow(orderId)) as unknown as OrderRow).status).toBe("completed");
  });

  test("a pickup poll that cannot reach the carrier counts as not collected yet, and polling carries on to shipment", async () => {
    const carrierDownOnFirstPoll: Handler = async (event: ShippingRequest) => {
      if (event.action === "pickupStatus" && event.poll === 1) throw new Error("carrier API timed out");
      return shippingWorker(event);
    };
    const runner = await env.createRunner({ shipping: carrierDownOnFirstPoll });
    const orderId = newOrderId("pickup-retry");

    const result = await runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.mouse }]) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const [pickup] = named(operationsOf(result), "await-pickup");
    expect(pickup).toMatchObject({ type: "STEP", subType: "WaitForCondition", status: "SUCCEEDED" });
    // Ready from poll 3 (PICKUP_READY_AFTER_POLLS); the failed first poll still counted as one.
    expect(runner.getOperation("await-pickup").getStepDetails()?.result).toEqual({ polls: 3, ready: true });
    expect(((await env.getOrderRow(orderId)) as unknown as OrderRow).status).toBe("completed");
  });
});
