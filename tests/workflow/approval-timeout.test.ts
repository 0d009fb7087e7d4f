/**
 * Nobody answers the approval. Callback timeouts run on real time even when the test
 * runner skips time, so this file configures a 1-second approval timeout.
 */
import { ExecutionStatus } from "@aws/durable-execution-sdk-js-testing";
import { configureWorkflowEnv, withWorkflowEnvironment } from "./support/harness";
import { named, operationsOf } from "./support/history";
import { anOrder, newOrderId, PRODUCTS } from "./support/orders";

configureWorkflowEnv({ APPROVAL_THRESHOLD_USD: "5000", APPROVAL_TIMEOUT_SECONDS: "1" });
const env = withWorkflowEnvironment();

test("a high-value order nobody approves in time ends approval-timed-out, with its authorization voided", async () => {
  const runner = await env.createRunner();
  const orderId = newOrderId("timeout");

  const result = await runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.server }]) } });

  expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
  expect(result.getError()).toMatchObject({ errorType: "ApprovalTimedOutError" });
  const row = (await env.getOrderRow(orderId)) as { status: string; statusHistory: Array<{ status: string }>; approval?: { decision?: string }; compensations?: unknown[] };
  expect(row.status).toBe("approval-timed-out");
  expect(row.statusHistory.map((entry) => entry.status).slice(-2)).toEqual(["awaiting-approval", "approval-timed-out"]);
  expect(row.approval).toMatchObject({ decision: "timed-out" });
  expect(row.compensations).toEqual([expect.objectContaining({ action: "void-payment", status: "succeeded" })]);
  expect((await env.getLedger(orderId)).find((entry) => entry.entry === "authorize")?.state).toBe("voided");

  const [callback] = operationsOf(result).filter((operation) => operation.type === "CALLBACK");
  expect(callback).toMatchObject({ status: "TIMED_OUT" });
  expect(named(operationsOf(result), "commit-order")).toEqual([]);
});
