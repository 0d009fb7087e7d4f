/**
 * Orders whose workflow execution ended without deciding them (an operator stopped it;
 * the same holds for a timeout or a bug), against the real local stack: the re-driver
 * finds them, gives back what they held through the workers, and records them failed,
 * once; an order whose execution still runs is never touched.
 */
import { StopDurableExecutionCommand } from "@aws-sdk/client-lambda";
import { pointAdaptersAt, resetAdapters } from "./support/adapters";
import { createOrder as storeOrder, getOrder, patchOrder, recordStatus } from "../../src/adapters/orders-repository";
import { parseOrderInput } from "../../src/domain/order";
import type { RecoveryConfig } from "../../src/redriver/config";
import { handler } from "../../src/redriver/order-redriver";
import { recoverAbandonedOrders, recoverNamedOrders } from "../../src/redriver/recover-abandoned-orders";
import { startInProcessStack, waitForOrderStatus, type RunningStack } from "../support/stack";
import { durableExecutionName, lambdaClient, listExecutions } from "../reliability/support/lambda";
import { ledgerViolations, readLedgers } from "../reliability/support/ledger";
import { createOrder, largeOrder, postApproval, smallOrder } from "../reliability/support/orders";

const ORDER_TIMEOUT_MS = 60_000;
const WORKERS = { inventory: "InventoryFunction", payment: "PaymentFunction" };
/** Finds stopped executions through Lambda's list only: the sweep's age threshold is never reached. */
const LISTED_ONLY: RecoveryConfig = { abandonedAfterMs: 365 * 86_400_000, endedLookbackMs: 3_600_000, maxRecoveriesPerRun: 50, workers: WORKERS };
/** Finds them through the in-flight sweep only: every order is old enough, and no listed execution is recent enough. */
const SWEEP_ONLY: RecoveryConfig = { abandonedAfterMs: 0, endedLookbackMs: 0, maxRecoveriesPerRun: 50, workers: WORKERS };

describe("re-driver: orders whose workflow ended without deciding them (time scale 1: the schedule does not fire during the test)", () => {
  let stack: RunningStack;
  const apiUrl = () => stack.apiUrl;

  beforeAll(async () => {
    stack = await startInProcessStack({ timeScale: 1, envVars: { Parameters: { WORKER_LATENCY_MS: "0" } } });
    pointAdaptersAt(stack);
  }, 120_000);
  afterAll(async () => {
    resetAdapters();
    await stack?.close();
  });

  async function executionArnOf(orderId: string): Promise<string> {
    const [execution] = await listExecutions(lambdaClient(stack.lambdaEndpoint), undefined, durableExecutionName(orderId));
    if (!execution?.DurableExecutionArn) throw new Error(`no execution for ${orderId}`);
    return execution.DurableExecutionArn;
  }

  async function stopWorkflowOf(orderId: string): Promise<string> {
    const executionArn = await executionArnOf(orderId);
    await lambdaClient(stack.lambdaEndpoint).send(new StopDurableExecutionCommand({ DurableExecutionArn: executionArn }));
    return executionArn;
  }

  let waitingOrderId: string;
  let stoppedExecutionArn: string;

  it("voids the authorization of an order stopped while it waited for approval, records it failed, and does it once", async () => {
    waitingOrderId = await createOrder(apiUrl(), largeOrder());
    const stoppedOrderId = await createOrder(apiUrl(), largeOrder());
    await waitForOrderStatus(apiUrl(), waitingOrderId, "awaiting-approval", ORDER_TIMEOUT_MS);
    await waitForOrderStatus(apiUrl(), stoppedOrderId, "awaiting-approval", ORDER_TIMEOUT_MS);
    stoppedExecutionArn = await stopWorkflowOf(stoppedOrderId);

    const first = await recoverAbandonedOrders(LISTED_ONLY);
    const second = await recoverAbandonedOrders(LISTED_ONLY);

    expect(first).toEqual({ found: 1, failed: 1, completed: 0, deferred: 0, truncated: false });
    expect(second.found).toBe(0);
    const order = await getOrder(stoppedOrderId);
    expect(order?.status).toBe("failed");
    expect(order?.failureReason).toMatch(/was stopped/);
    expect(order?.compensations?.map(({ action, status }) => ({ action, status }))).toEqual([{ action: "void-payment", status: "succeeded" }]);
    expect(order?.watchShard).toBeUndefined();
    // The order still waiting, whose execution runs, is left as it was.
    expect((await getOrder(waitingOrderId))?.status).toBe("awaiting-approval");
  }, 120_000);

  it("refunds and releases an order stopped after its stock and payment were taken, found by the in-flight sweep", async () => {
    // The warehouse wait is 300 s at time scale 1: the order sits there until it is stopped.
    const orderId = await createOrder(apiUrl(), smallOrder());
    await waitForOrderStatus(apiUrl(), orderId, "awaiting-warehouse", ORDER_TIMEOUT_MS);
    await stopWorkflowOf(orderId);

    const report = await recoverAbandonedOrders(SWEEP_ONLY);

    expect(report).toEqual({ found: 1, failed: 1, completed: 0, deferred: 0, truncated: false });
    const order = await getOrder(orderId);
    expect(order?.status).toBe("failed");
    expect(order?.compensations?.map(({ action, status }) => ({ action, status }))).toEqual([
      { action: "refund-payment", status: "succeeded" },
      { action: "release-inventory", status: "succeeded" },
    ]);
    expect((await getOrder(waitingOrderId))?.status).toBe("awaiting-approval");
  }, 120_000);

  it("completes a shipped order whose execution ended, taking nothing back, when an operator names it", async () => {
    const parsed = parseOrderInput(smallOrder());
    if (!parsed.ok) throw new Error("test order is invalid");
    const orderId = "ord_recover_shipped";
    await storeOrder({ ...parsed.value, orderId });
    for (const status of ["validated", "prepared", "fraud-checked", "inventory-reserved", "payment-processed", "invoice-generated", "awaiting-warehouse", "items-picked", "quality-checked", "packaged", "awaiting-pickup", "shipped"] as const) {
      await recordStatus(orderId, status, new Date().toISOString());
    }
    // Its execution: one that has ended (stopped), as after a crash between `shipped` and `completed`.
    await patchOrder(orderId, { executionArn: stoppedExecutionArn });

    const report = await recoverNamedOrders([orderId, waitingOrderId], SWEEP_ONLY);

    expect(report).toEqual({ found: 1, failed: 0, completed: 1, deferred: 0, truncated: false });
    const order = await getOrder(orderId);
    expect(order?.status).toBe("completed");
    expect(order?.compensations).toBeUndefined();
  });

  it("refuses a malformed operator event before reading anything", async () => {
    await expect(handler({ orderIds: [] })).rejects.toThrow("orderIds must be a list of 1 to 100 order ids");
    await expect(handler({ orderIds: ["ord_ok", "not an id!"] })).rejects.toThrow("orderIds[1] must be 1-58 characters");
    await expect(handler({ orderIds: "ord_1" as unknown as string[] })).rejects.toThrow(/orderIds must be a list/);
  });

  it("leaves every ledger balanced once the waiting order is answered", async () => {
    expect((await postApproval(apiUrl(), waitingOrderId, { approved: true })).status).toBe(202);
    // The warehouse wait is long at time scale 1: decide the approved order the way an operator would, by stopping it.
    await waitForOrderStatus(apiUrl(), waitingOrderId, "awaiting-warehouse", ORDER_TIMEOUT_MS);
    await stopWorkflowOf(waitingOrderId);
    expect(await recoverAbandonedOrders(LISTED_ONLY)).toMatchObject({ found: 1, failed: 1 });

    const snapshot = await readLedgers(stack.dynamodbEndpoint, stack.tableNames);
    // The shipped order above was written straight to the table, without stock of its own.
    const orders = snapshot.orders.filter((order) => order.orderId !== "ord_recover_shipped");
    expect(orders.map((order) => order.status)).toEqual(["failed", "failed", "failed"]);
    expect(ledgerViolations({ ...snapshot, orders })).toEqual([]);
  }, 120_000);
});
