/**
 * Approval edge cases, through the API and through the Lambda API (the AWS SDK against
 * the local endpoint, as an operator's script or the AWS CLI would): each wrong move
 * gets a clear error, and the order's workflow carries on as if it had not happened.
 */
import { randomBytes } from "node:crypto";
import {
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import { readOrder, waitForOrderStatus, waitForTerminalOrders, type OrderView } from "../support/stack";
import { errorNameOf } from "./support/lambda";
import { ledgerViolations } from "./support/ledger";
import { apiErrorOf, createOrder, largeOrder, postApproval, send, smallOrder } from "./support/orders";
import { withChildStack } from "./support/suite";

/** Approval times out after 5,000 s × 0.001 = 5 s of real time: long enough to answer, short enough to wait out. */
const suite = withChildStack({ timeScale: 0.001, parameterOverrides: { ApprovalTimeoutSeconds: "5000" } });
const apiUrl = () => suite.stack.apiUrl;
const ORDER_TIMEOUT_MS = 60_000;

function callbackIdOf(order: OrderView): string {
  const approval = order.approval as { callbackId?: unknown } | undefined;
  if (typeof approval?.callbackId !== "string") throw new Error(`order ${order.orderId} shows no approval callback id`);
  return approval.callbackId;
}

async function awaitingApproval(): Promise<{ orderId: string; callbackId: string }> {
  const orderId = await createOrder(apiUrl(), largeOrder());
  const order = await waitForOrderStatus(apiUrl(), orderId, "awaiting-approval", ORDER_TIMEOUT_MS);
  expect(order.status).toBe("awaiting-approval");
  return { orderId, callbackId: callbackIdOf(order) };
}

function succeed(callbackId: string, result: string) {
  return suite.lambda.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: new TextEncoder().encode(result) }));
}

describe("approval edge cases", () => {
  test("approving twice: the second answer is refused (API 409, Lambda CallbackTimeoutException) and the order completes once", async () => {
    const { orderId, callbackId } = await awaitingApproval();

    const first = await postApproval(apiUrl(), orderId, { approved: true });
    const second = await postApproval(apiUrl(), orderId, { approved: false, reason: "changed my mind" });
    const viaLambda = await errorNameOf(succeed(callbackId, JSON.stringify({ approved: false })));

    expect(first.status).toBe(202);
    expect(second.status).toBe(409);
    expect(["order_not_awaiting_approval", "approval_closed"]).toContain(apiErrorOf(second)?.code);
    expect(viaLambda).toBe("CallbackTimeoutException");
    const [done] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();
    expect(done?.status).toBe("completed");
    expect((done?.approval as { decision?: string } | undefined)?.decision).toBe("approved");
  }, 120_000);

  test("ten racing decisions on one order: exactly one is accepted, the rest get 409, and the order follows the accepted one", async () => {
    const { orderId } = await awaitingApproval();

    const decisions = Array.from({ length: 10 }, (_, index) => ({ approved: index % 2 === 0, reason: `racer ${index}` }));
    const answers = await Promise.all(decisions.map((decision) => postApproval(apiUrl(), orderId, decision)));
    const accepted = answers.flatMap((answer, index) => (answer.status === 202 ? [decisions[index]] : []));
    const [ended] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();

    expect(answers.map((answer) => answer.status).sort()).toEqual([202, ...Array.from({ length: 9 }, () => 409)]);
    expect(ended?.status).toBe(accepted[0]?.approved ? "completed" : "rejected");
    expect((ended?.approval as { reason?: string } | undefined)?.reason).toBe(accepted[0]?.reason);
  }, 120_000);

  test("approving after the timeout is refused (API 409, Lambda CallbackTimeoutException) and the order stays approval-timed-out", async () => {
    const { orderId, callbackId } = await awaitingApproval();
    const [timedOut] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();
    expect(timedOut?.status).toBe("approval-timed-out");

    const viaApi = await postApproval(apiUrl(), orderId, { approved: true });
    const viaLambda = await errorNameOf(succeed(callbackId, JSON.stringify({ approved: true })));

    expect(viaApi.status).toBe(409);
    expect(apiErrorOf(viaApi)?.code).toBe("order_not_awaiting_approval");
    expect(viaLambda).toBe("CallbackTimeoutException");
    expect((await readOrder(apiUrl(), orderId))?.status).toBe("approval-timed-out");
  }, 120_000);

  test("an unknown callback id is ResourceNotFoundException for success, failure and heartbeat; an unknown order is 404", async () => {
    const unknown = randomBytes(48).toString("base64");

    const names = await Promise.all([
      errorNameOf(succeed(unknown, JSON.stringify({ approved: true }))),
      errorNameOf(suite.lambda.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: unknown, Error: { ErrorType: "Rejected", ErrorMessage: "no" } }))),
      errorNameOf(suite.lambda.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: unknown }))),
    ]);
    const viaApi = await postApproval(apiUrl(), "ord_00000000000000000000000000000000", { approved: true });

    expect(names).toEqual(["ResourceNotFoundException", "ResourceNotFoundException", "ResourceNotFoundException"]);
    expect(viaApi.status).toBe(404);
    expect(apiErrorOf(viaApi)?.code).toBe("order_not_found");
  }, 60_000);

  test("a malformed decision is refused by the API and leaves the order waiting; sent raw through Lambda it fails the order cleanly, compensated", async () => {
    const { orderId, callbackId } = await awaitingApproval();

    const badBodies = [{ approved: "yes" }, { approve: true }, { approved: true, reason: 42 }, {}];
    const refusals = await Promise.all(badBodies.map((body) => postApproval(apiUrl(), orderId, body)));
    const notJson = await send(apiUrl(), { path: `/orders/${orderId}/approval`, headers: { "content-type": "application/json" }, body: "{approved:true" });
    for (const refusal of [...refusals, notJson]) {
      expect([400, 422]).toContain(refusal.status);
      expect(apiErrorOf(refusal)).toBeDefined();
    }
    expect((await readOrder(apiUrl(), orderId))?.status).toBe("awaiting-approval");

    // Lambda, like AWS, takes any bytes as a callback result: the workflow must judge them.
    await succeed(callbackId, "definitely not a decision");
    const [ended] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();

    expect(ended?.status).toBe("failed");
    expect(String(ended?.failureReason)).toMatch(/approval/i);
    const ledger = (await suite.ledgers()).payments.filter((row) => row.orderId === orderId).map((row) => row.entry);
    expect(ledger).toEqual(expect.arrayContaining(["authorize", "void"]));
  }, 120_000);

  test("a rejection ends the order rejected, its authorization voided, and a later approval is refused", async () => {
    const { orderId } = await awaitingApproval();

    const rejection = await postApproval(apiUrl(), orderId, { approved: false, reason: "over budget" });
    const [ended] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();
    const late = await postApproval(apiUrl(), orderId, { approved: true });

    expect(rejection.status).toBe(202);
    expect(ended?.status).toBe("rejected");
    expect(late.status).toBe(409);
    const ledger = (await suite.ledgers()).payments.filter((row) => row.orderId === orderId).map((row) => row.entry);
    expect(ledger).toEqual(expect.arrayContaining(["authorize", "void"]));
    expect(ledger).not.toContain("capture");
  }, 120_000);

  test("approving an order that needs no approval is 409 and the order completes untouched", async () => {
    const orderId = await createOrder(apiUrl(), smallOrder());

    const answer = await postApproval(apiUrl(), orderId, { approved: false, reason: "stop it" });

    expect(answer.status).toBe(409);
    expect(apiErrorOf(answer)?.code).toBe("order_not_awaiting_approval");
    const [done] = (await waitForTerminalOrders([orderId], { apiUrl, timeoutMs: ORDER_TIMEOUT_MS })).values();
    expect(done?.status).toBe("completed");
    expect(done?.approval).toBeUndefined();
  }, 120_000);

  test("after all of that the ledgers balance", async () => {
    expect(ledgerViolations(await suite.ledgers())).toEqual([]);
  }, 60_000);
});
