import { CallbackTimeoutException, ResourceNotFoundException, TooManyRequestsException } from "@aws-sdk/client-lambda";
import { recordStatus } from "../../src/adapters/orders-repository";
import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, fieldsOf, validOrder, withRecordingLambda } from "./support/api";

withLocalDynamo();
const recording = withRecordingLambda();
captureLogs();

const at = (minute: number) => `2026-11-22T11:${String(minute).padStart(2, "0")}:00.000Z`;

async function newOrder(): Promise<string> {
  const answer = await call({ method: "POST", path: "/orders", body: validOrder() });
  return (answer.json as { orderId: string }).orderId;
}

/** An order the workflow has parked at the approval step, with `callbackId` stored as the workflow stores it. */
async function orderAwaitingApproval(callbackId: string): Promise<string> {
  const orderId = await newOrder();
  await recordStatus(orderId, "validated", at(1));
  await recordStatus(orderId, "prepared", at(2));
  await recordStatus(orderId, "fraud-checked", at(3));
  await recordStatus(orderId, "awaiting-approval", at(4), { approval: { callbackId, requestedAt: at(4), thresholdCents: 500000 } });
  return orderId;
}

function approve(orderId: string, body: unknown) {
  return call({ method: "POST", path: `/orders/${orderId}/approval`, body });
}

describe("POST /orders/{orderId}/approval", () => {
  it("sends an approval as the callback's JSON result and answers 202", async () => {
    const orderId = await orderAwaitingApproval("cb-approve-1");

    const answer = await approve(orderId, { approved: true });

    expect(answer.status).toBe(202);
    expect(answer.json).toEqual({ orderId, decision: "approved", statusUrl: `/orders/${orderId}` });
    expect(recording.lambda.callbacks).toEqual([{ CallbackId: "cb-approve-1", rawResult: '{"approved":true}', result: { approved: true } }]);
  });

  it("sends a rejection with its reason", async () => {
    const orderId = await orderAwaitingApproval("cb-reject-1");

    const answer = await approve(orderId, { approved: false, reason: "  customer asked to cancel  " });

    expect(answer.json).toMatchObject({ decision: "rejected" });
    expect(recording.lambda.callbacks).toEqual([
      { CallbackId: "cb-reject-1", rawResult: '{"approved":false,"reason":"customer asked to cancel"}', result: { approved: false, reason: "customer asked to cancel" } },
    ]);
  });

  it("answers 409 for an order that is not awaiting approval", async () => {
    const orderId = await newOrder();

    const answer = await approve(orderId, { approved: true });

    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toEqual({ code: "order_not_awaiting_approval", message: `Order ${orderId} is not awaiting approval (status: received).` });
    expect(recording.lambda.callbacks).toHaveLength(0);
  });

  it("answers 404 for an unknown order", async () => {
    const answer = await approve("ord_ffffffffffffffffffffffffffffffff", { approved: true });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("order_not_found");
  });

  it.each([
    ["a missing decision", {}, ["approved"]],
    ["a string for approved", { approved: "yes" }, ["approved"]],
    ["an extra field", { approved: true, approver: "bob" }, ["approver"]],
    ["a reason over 500 characters", { approved: false, reason: "r".repeat(501) }, ["reason"]],
    ["a reason that is not a string", { approved: false, reason: 42 }, ["reason"]],
    ["an array body", [true], ["(root)"]],
  ])("answers 400 naming the field for %s", async (_, body, fields) => {
    const orderId = await orderAwaitingApproval(`cb-bad-${fields.join()}`);

    const answer = await approve(orderId, body);

    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe("validation_failed");
    expect(fieldsOf(answer)).toEqual(fields);
    expect(recording.lambda.callbacks).toHaveLength(0);
  });

  it("answers 415 for a non-JSON approval", async () => {
    const orderId = await orderAwaitingApproval("cb-form");
    const answer = await call({ method: "POST", path: `/orders/${orderId}/approval`, body: "approved=true", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(answer.status).toBe(415);
  });

  it.each([
    ["CallbackTimeoutException", () => new CallbackTimeoutException({ message: "Callback timed out", $metadata: {} })],
    ["ResourceNotFoundException", () => new ResourceNotFoundException({ message: "Callback not found", $metadata: {} })],
  ])("answers 409 when Lambda says the callback is closed (%s)", async (_, makeError) => {
    const orderId = await orderAwaitingApproval("cb-closed");
    recording.lambda.failNextWith(makeError());

    const answer = await approve(orderId, { approved: true });

    expect(answer.status).toBe(409);
    expect(errorOf(answer)).toEqual({
      code: "approval_closed",
      message: `The approval of order ${orderId} can no longer be answered: it timed out or was already answered.`,
    });
  });

  it("answers 503 with Retry-After when Lambda throttles the callback", async () => {
    const orderId = await orderAwaitingApproval("cb-throttled");
    recording.lambda.failNextWith(new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} }));

    const answer = await approve(orderId, { approved: true });

    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
  });
});
