/**
 * The re-driver against the real local stack: an order stored as `received` whose
 * workflow never started (its API process died in between) is started, exactly once,
 * and only after the grace period.
 */
import { pointAdaptersAt, resetAdapters } from "./support/adapters";
import { createOrder, getOrder } from "../../src/adapters/orders-repository";
import { parseOrderInput } from "../../src/domain/order";
import { redriveStrandedOrders } from "../../src/redriver/redrive-stranded-orders";
import { startInProcessStack, waitForTerminalOrders, type RunningStack } from "../support/stack";
import { durableExecutionName, lambdaClient, listExecutions } from "../reliability/support/lambda";
import { smallOrder, PAYMENT_TOKENS } from "../reliability/support/orders";

/** What POST /orders writes before it starts the workflow, and nothing after: a crash in between. */
async function storeOrderWithoutWorkflow(orderId: string, overrides: Parameters<typeof smallOrder>[0] = {}, createdAt?: string): Promise<void> {
  const parsed = parseOrderInput(smallOrder(overrides));
  if (!parsed.ok) throw new Error("test order is invalid");
  await createOrder({ ...parsed.value, orderId, ...(createdAt ? { createdAt } : {}) });
}

describe("re-driver, called directly (time scale 1: the schedule does not fire during the test)", () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startInProcessStack({ timeScale: 1, envVars: { Parameters: { WORKER_LATENCY_MS: "0" } }, parameterOverrides: { WarehouseWaitSeconds: "1" } });
    pointAdaptersAt(stack);
  }, 120_000);
  afterAll(async () => {
    resetAdapters();
    await stack?.close();
  });

  it("leaves an order alone while it is younger than the grace period", async () => {
    // Declined at payment: at time scale 1 it still ends in a moment once it is started.
    await storeOrderWithoutWorkflow("ord_redrive_young", { paymentToken: PAYMENT_TOKENS.decline });

    const report = await redriveStrandedOrders({ strandedAfterMs: 120_000, maxOrdersPerRun: 100, approvalWaitAlarmMs: 3_600_000 });

    expect(report).toMatchObject({ found: 0, started: 0 });
    expect(await listExecutions(lambdaClient(stack.lambdaEndpoint), undefined, durableExecutionName("ord_redrive_young"))).toHaveLength(0);
    expect((await getOrder("ord_redrive_young"))?.status).toBe("received");
  });

  it("starts a stranded order's workflow once, however often it runs, with the order's own payment token", async () => {
    const orderId = "ord_redrive_declined";
    await storeOrderWithoutWorkflow(orderId, { paymentToken: PAYMENT_TOKENS.decline }, new Date(Date.now() - 600_000).toISOString());

    const first = await redriveStrandedOrders({ strandedAfterMs: 120_000, maxOrdersPerRun: 100, approvalWaitAlarmMs: 3_600_000 });
    const second = await redriveStrandedOrders({ strandedAfterMs: 120_000, maxOrdersPerRun: 100, approvalWaitAlarmMs: 3_600_000 });

    expect(first).toMatchObject({ found: expect.any(Number), started: first.found, failed: 0, deferred: 0 });
    expect(first.found).toBeGreaterThanOrEqual(1);
    const [order] = [...(await waitForTerminalOrders([orderId], { apiUrl: () => stack.apiUrl, timeoutMs: 60_000 })).values()];
    // The token was kept for the start: the decline test token really reached the payment worker.
    expect(order).toMatchObject({ status: "failed" });
    expect(String(order!.failureReason)).toMatch(/declin/i);
    expect(second.found).toBeLessThanOrEqual(1);
    expect(await listExecutions(lambdaClient(stack.lambdaEndpoint), undefined, durableExecutionName(orderId))).toHaveLength(1);
    // Once the workflow has the order, the token and the intake marker are gone from the item.
    const stored = await getOrder(orderId);
    expect(stored?.paymentToken).toBeUndefined();
    expect(stored?.watchShard).toBeUndefined();
  });

  it("reports nothing once every order has left intake", async () => {
    const report = await redriveStrandedOrders({ strandedAfterMs: 0, maxOrdersPerRun: 100, approvalWaitAlarmMs: 3_600_000 });
    // ord_redrive_young is the only order still received; it is started now.
    expect(report).toMatchObject({ found: 1, started: 1 });
    await waitForTerminalOrders(["ord_redrive_young"], { apiUrl: () => stack.apiUrl, timeoutMs: 60_000 });
    expect(await redriveStrandedOrders({ strandedAfterMs: 0, maxOrdersPerRun: 100, approvalWaitAlarmMs: 3_600_000 })).toEqual({ found: 0, started: 0, failed: 0, deferred: 0, truncated: false });
  });
});

describe("re-driver on its template schedule (time scale 0.001: every minute becomes every 100 ms)", () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startInProcessStack({ timeScale: 0.001, envVars: { Parameters: { WORKER_LATENCY_MS: "0" } } });
    pointAdaptersAt(stack);
  }, 120_000);
  afterAll(async () => {
    resetAdapters();
    await stack?.close();
  });

  it("heals an order stranded in intake with no client action", async () => {
    await storeOrderWithoutWorkflow("ord_redrive_scheduled");

    const finished = await waitForTerminalOrders(["ord_redrive_scheduled"], { apiUrl: () => stack.apiUrl, timeoutMs: 60_000 });

    expect(finished.get("ord_redrive_scheduled")?.status).toBe("completed");
    expect(await listExecutions(lambdaClient(stack.lambdaEndpoint), undefined, durableExecutionName("ord_redrive_scheduled"))).toHaveLength(1);
    expect(stack.logs()).toContain("stranded and abandoned orders re-driven");
  });
});
