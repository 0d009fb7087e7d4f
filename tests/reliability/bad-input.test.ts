/**
 * Bad input against the running stack: generated invalid requests to POST /orders and
 * to the approval route. Every one must be refused with a 4xx and a JSON error that
 * names the problem, and none may write an order or start an execution.
 */
import fc from "fast-check";
import { waitForOrderStatus } from "../support/stack";
import { invalidApprovalRequestArb, invalidOrderRequestArb, type InvalidCase } from "./support/invalid-requests";
import { createOrder, largeOrder, send } from "./support/orders";
import { assertRefused } from "./support/refusals";
import { reportFigures } from "./support/report";
import { sizes } from "./support/scale";
import { withChildStack } from "./support/suite";

// The order waiting for approval must keep waiting while the suite runs (86,400 s × 0.01 = 14 min).
const suite = withChildStack({ timeScale: 0.01, parameterOverrides: { ApprovalTimeoutSeconds: "86400" } });

let awaitingOrderId: string;
let baseline: { orders: number; executions: number };

beforeAll(async () => {
  awaitingOrderId = await createOrder(suite.stack.apiUrl, largeOrder());
  await waitForOrderStatus(suite.stack.apiUrl, awaitingOrderId, "awaiting-approval", 60_000);
  baseline = { orders: await suite.orderCount(), executions: await suite.executionCount() };
}, 90_000);

async function expectNoSideEffects(): Promise<void> {
  expect({ orders: await suite.orderCount(), executions: await suite.executionCount() }).toEqual(baseline);
  const waiting = await send(suite.stack.apiUrl, { method: "GET", path: `/orders/${awaitingOrderId}` });
  expect((waiting.json as { status?: string }).status).toBe("awaiting-approval");
}

function refusalProperty(arb: fc.Arbitrary<InvalidCase>) {
  return fc.asyncProperty(arb, async (invalid) => {
    const answer = await send(suite.stack.apiUrl, invalid.request);
    assertRefused(answer, invalid);
  });
}

describe("bad input", () => {
  test(`refuses ${sizes.invalidOrderRequests} generated invalid orders with a 4xx naming the problem, writing nothing and starting nothing`, async () => {
    await fc.assert(refusalProperty(invalidOrderRequestArb), { numRuns: sizes.invalidOrderRequests, endOnFailure: true });
    await expectNoSideEffects();
    reportFigures("bad-input", `${sizes.invalidOrderRequests} invalid POST /orders refused`);
  }, 600_000);

  test(`refuses ${sizes.invalidApprovalRequests} generated invalid approvals with a 4xx naming the problem, leaving the order waiting`, async () => {
    await fc.assert(refusalProperty(invalidApprovalRequestArb(awaitingOrderId)), { numRuns: sizes.invalidApprovalRequests, endOnFailure: true });
    await expectNoSideEffects();
    reportFigures("bad-input", `${sizes.invalidApprovalRequests} invalid approvals refused`);
  }, 600_000);

  test("refuses a body over the size limit with 413 before reading it", async () => {
    const huge = `{"customerId":"${"x".repeat(1024 * 1024)}"}`;
    const answer = await send(suite.stack.apiUrl, { path: "/orders", headers: { "content-type": "application/json" }, body: huge });
    assertRefused(answer, { label: "1 MiB body", request: { path: "/orders" }, expect: { statuses: [413], names: ["payload_too_large"] } });
    await expectNoSideEffects();
  }, 60_000);
});
