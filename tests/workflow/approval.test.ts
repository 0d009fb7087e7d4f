/**
 * High-value orders wait for a person. The test plays the approver: it waits until the
 * callback's submitter has stored the callback id on the order, then answers the
 * callback the way the API (or the AWS CLI) would — with a JSON string.
 */
import { ExecutionStatus, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import { configureWorkflowEnv, withWorkflowEnvironment } from "./support/harness";
import { kindsOf, named, operationsOf } from "./support/history";
import { anOrder, newOrderId, PRODUCTS } from "./support/orders";

configureWorkflowEnv({ APPROVAL_THRESHOLD_USD: "5000", APPROVAL_TIMEOUT_SECONDS: "3600" });
const env = withWorkflowEnvironment();

interface OrderRow {
  status: string;
  statusHistory: Array<{ status: string }>;
  approval?: { callbackId: string; requestedAt: string; thresholdCents: number; decision?: string; reason?: string; decidedAt?: string };
  failureReason?: string;
  compensations?: Array<{ action: string; status: string }>;
}

const serverOrder = () => anOrder([{ product: PRODUCTS.server }]); // $7,499 + tax: above the $5,000 threshold

/** Starts the run, waits for the approval request to be stored, and returns the pending run and the stored row. */
async function startAndAwaitApproval(orderId: string) {
  const runner = await env.createRunner();
  const running = runner.run({ payload: { orderId, order: serverOrder() } });
  const approval = runner.getOperation("await-approval");
  await approval.waitForData(WaitingOperationStatus.SUBMITTED);
  const pending = (await env.getOrderRow(orderId)) as unknown as OrderRow;
  return { running, approval, pending };
}

describe("an order above the approval threshold", () => {
  test("waits with its callback id stored on the order, completes when approved, and uses every kind of durable operation", async () => {
    const orderId = newOrderId("approved");

    const { running, approval, pending } = await startAndAwaitApproval(orderId);
    expect(pending.status).toBe("awaiting-approval");
    expect(pending.approval).toEqual({ callbackId: expect.any(String), requestedAt: expect.any(String), thresholdCents: 500_000 });
    expect(approval.getCallbackDetails()?.callbackId ?? pending.approval?.callbackId).toBe(pending.approval?.callbackId);

    await approval.sendCallbackSuccess(JSON.stringify({ approved: true, reason: "known customer" }));
    const result = await running;

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const row = (await env.getOrderRow(orderId)) as unknown as OrderRow;
    expect(row.status).toBe("completed");
    expect(row.statusHistory.map((entry) => entry.status)).toEqual([
      "received",
      "validated",
      "prepared",
      "fraud-checked",
      "awaiting-approval",
      "approved",
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
    ]);
    expect(row.approval).toMatchObject({ callbackId: pending.approval?.callbackId, decision: "approved", reason: "known customer", decidedAt: expect.any(String) });

    const kinds = kindsOf(operationsOf(result));
    for (const kind of [
      "STEP/Step",
      "WAIT/Wait",
      "CALLBACK/Callback",
      "CONTEXT/Parallel",
      "CONTEXT/Map",
      "CONTEXT/RunInChildContext",
      "CONTEXT/WaitForCallback",
      "CHAINED_INVOKE/ChainedInvoke",
      "STEP/WaitForCondition",
    ]) {
      expect(kinds).toContain(kind);
    }
    const types = new Set([...kinds].map((kind) => kind.split("/")[0]));
    expect([...types].sort()).toEqual(["CALLBACK", "CHAINED_INVOKE", "CONTEXT", "STEP", "WAIT"]);
  });

  test("ends rejected when the approver says no, with the authorization voided and nothing reserved", async () => {
    const orderId = newOrderId("rejected");
    const stockBefore = await env.getStock(PRODUCTS.server.productId);

    const { running, approval } = await startAndAwaitApproval(orderId);
    await approval.sendCallbackSuccess(JSON.stringify({ approved: false, reason: "exceeds budget" }));
    const result = await running;

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "ApprovalRejectedError", errorMessage: expect.stringContaining("exceeds budget") });
    const row = (await env.getOrderRow(orderId)) as unknown as OrderRow;
    expect(row.status).toBe("rejected");
    expect(row.statusHistory.map((entry) => entry.status).slice(-2)).toEqual(["awaiting-approval", "rejected"]);
    expect(row.approval).toMatchObject({ decision: "rejected", reason: "exceeds budget" });
    expect(row.compensations).toEqual([expect.objectContaining({ action: "void-payment", status: "succeeded" })]);

    const ledger = await env.getLedger(orderId);
    expect(ledger.find((entry) => entry.entry === "authorize")?.state).toBe("voided");
    expect(ledger.map((entry) => entry.entry)).not.toContain("capture");
    expect((await env.getStock(PRODUCTS.server.productId)).onHand).toBe(stockBefore.onHand);
    expect(named(operationsOf(result), "commit-order")).toEqual([]);
  });

  test("fails, and is not approved, when the callback answer is not a decision", async () => {
    const orderId = newOrderId("garbled");

    const { running, approval } = await startAndAwaitApproval(orderId);
    await approval.sendCallbackSuccess(JSON.stringify({ approve: "yes" }));
    const result = await running;

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(result.getError()).toMatchObject({ errorType: "InvalidApprovalResponseError" });
    const row = (await env.getOrderRow(orderId)) as unknown as OrderRow;
    expect(row.status).toBe("failed");
    expect(row.failureReason).toContain("approved");
    expect(row.statusHistory.map((entry) => entry.status)).not.toContain("approved");
    expect(row.compensations).toEqual([expect.objectContaining({ action: "void-payment", status: "succeeded" })]);
  });
});
