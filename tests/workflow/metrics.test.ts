/**
 * Business metrics and logs of the orchestrator, read from what Powertools writes while
 * whole orders run on the official LocalDurableTestRunner. The runner replays the handler
 * from the top at every invocation (after each worker call, wait and callback), so an
 * order that emitted per replay would show many lines: each metric must appear once.
 */
import { ExecutionStatus, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import type { Handler } from "aws-lambda";
import type { ShippingRequest } from "../../src/workers/contracts";
import { handler as shippingWorker } from "../../src/workers/shipping";
import { captureTelemetry, type Telemetry } from "../support/telemetry";
import { configureWorkflowEnv, withWorkflowEnvironment } from "./support/harness";
import { named, operationsOf } from "./support/history";
import { anOrder, newOrderId, PRODUCTS } from "./support/orders";

configureWorkflowEnv({ APPROVAL_THRESHOLD_USD: "5000" });
const env = withWorkflowEnvironment();

let telemetry: Telemetry;
beforeEach(() => {
  telemetry = captureTelemetry();
});
afterEach(() => telemetry.stop());

describe("metrics of an order", () => {
  test("a full order emits OrdersCompleted and TimeToComplete exactly once, although its handler ran many times", async () => {
    const orderId = newOrderId("metrics-complete");

    const result = await (await env.createRunner()).run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book, quantity: 2 }]) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    expect(result.getInvocations().length).toBeGreaterThan(5);
    expect(telemetry.counts()).toEqual({ OrdersCompleted: 1, TimeToComplete: 1 });
    const [line] = telemetry.metrics.filter((emf) => "TimeToComplete" in emf);
    expect(line).toMatchObject({ service: "order-processing", _aws: { CloudWatchMetrics: [{ Namespace: "OrderProcessing", Metrics: [{ Name: "TimeToComplete", Unit: "Seconds" }] }] } });
    expect(line?.TimeToComplete).toEqual(expect.any(Number));
  });

  test("an approved order also emits its approval wait once", async () => {
    const orderId = newOrderId("metrics-approved");
    const runner = await env.createRunner();
    const running = runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.server }]) } });
    const approval = runner.getOperation("await-approval");
    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    await approval.sendCallbackSuccess(JSON.stringify({ approved: true }));

    expect((await running).getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    expect(telemetry.counts()).toEqual({ OrdersCompleted: 1, TimeToComplete: 1, ApprovalWaitTime: 1 });
  });

  test("each transient worker failure counts one WorkerErrors (from the worker) and one WorkerRetries (from the workflow)", async () => {
    const orderId = newOrderId("metrics-transient");

    const result = await (await env.createRunner()).run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.book }], { paymentToken: "tok_transient" }) } });

    expect(result.getStatus()).toBe(ExecutionStatus.SUCCEEDED);
    const backoffs = operationsOf(result).filter((operation) => operation.type === "WAIT" && /-backoff-\d+$/.test(operation.name ?? ""));
    // tok_transient fails the first attempt of each payment action: the authorization and the capture.
    expect(backoffs.map((operation) => operation.name)).toEqual(["authorize-payment-backoff-1", "capture-payment-backoff-1"]);
    expect(telemetry.counts()).toEqual({ OrdersCompleted: 1, TimeToComplete: 1, "WorkerErrors{Worker=payment}": 2, "WorkerRetries{Worker=payment}": 2 });
  });

  test.each([
    ["a declined card", "declined", { paymentToken: "tok_decline" }, PRODUCTS.book, {}],
    ["a fraud-flagged customer", "risk", { customerId: "cust-fraud" }, PRODUCTS.book, { "CompensationsRun{Kind=void-payment,Outcome=succeeded}": 1 }],
    ["an unknown product", "out-of-stock", {}, { productId: "NOPE-404", name: "Nothing", price: 1 }, { "CompensationsRun{Kind=void-payment,Outcome=succeeded}": 1 }],
  ] as const)("%s emits OrdersFailed with Reason=%s once, and each compensation it ran", async (_label, reason, overrides, product, compensations) => {
    const orderId = newOrderId(`metrics-${reason}`);

    const result = await (await env.createRunner()).run({ payload: { orderId, order: anOrder([{ product }], overrides) } });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    expect(telemetry.counts()).toEqual({ [`OrdersFailed{Reason=${reason}}`]: 1, ...compensations });
  });

  test("a carrier refusal after the capture fails the order for an unexpected reason and counts the refund and the release", async () => {
    const carrierRefusesLabels: Handler = (event: ShippingRequest) =>
      event.action === "label" ? Promise.resolve({ ok: false, reason: "INVALID_REQUEST", message: "carrier cannot deliver here" }) : shippingWorker(event);
    const orderId = newOrderId("metrics-unexpected");

    const result = await (await env.createRunner({ shipping: carrierRefusesLabels })).run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.keyboard }]) } });

    expect(result.getError()).toMatchObject({ errorType: "ShippingLabelRefusedError" });
    expect(named(operationsOf(result), "compensate-refund-payment")).toHaveLength(1);
    expect(telemetry.counts()).toEqual({
      "OrdersFailed{Reason=unexpected}": 1,
      "CompensationsRun{Kind=refund-payment,Outcome=succeeded}": 1,
      "CompensationsRun{Kind=release-inventory,Outcome=succeeded}": 1,
    });
  });

  test("a rejected order emits OrdersFailed with Reason=rejected and its approval wait", async () => {
    const orderId = newOrderId("metrics-rejected");
    const runner = await env.createRunner();
    const running = runner.run({ payload: { orderId, order: anOrder([{ product: PRODUCTS.server }]) } });
    const approval = runner.getOperation("await-approval");
    await approval.waitForData(WaitingOperationStatus.SUBMITTED);
    await approval.sendCallbackSuccess(JSON.stringify({ approved: false }));

    expect((await running).getStatus()).toBe(ExecutionStatus.FAILED);
    expect(telemetry.counts()).toEqual({
      "OrdersFailed{Reason=rejected}": 1,
      ApprovalWaitTime: 1,
      "CompensationsRun{Kind=void-payment,Outcome=succeeded}": 1,
    });
  });

  test("an invalid order emits OrdersFailed with Reason=invalid", async () => {
    const result = await (await env.createRunner()).run({ payload: { orderId: newOrderId("metrics-invalid"), order: { items: [] } } });

    expect(result.getError()).toMatchObject({ errorType: "ValidationError" });
    expect(telemetry.counts()).toEqual({ "OrdersFailed{Reason=invalid}": 1 });
  });
});

describe("logs of an order", () => {
  test("every orchestrator line carries the order id and the execution ARN, no line is written twice, and none names the customer", async () => {
    const orderId = newOrderId("logs");
    const order = anOrder([{ product: PRODUCTS.keyboard }], { customerEmail: "grace.probe@example.org" });
    const carrierRefusesLabels: Handler = (event: ShippingRequest) =>
      event.action === "label" ? Promise.resolve({ ok: false, reason: "INVALID_REQUEST", message: "carrier cannot deliver here" }) : shippingWorker(event);

    const result = await (await env.createRunner({ shipping: carrierRefusesLabels })).run({ payload: { orderId, order } });

    expect(result.getStatus()).toBe(ExecutionStatus.FAILED);
    const workflowLines = telemetry.logs.filter((line) => line.service === "order-workflow");
    expect(workflowLines.map((line) => line.message)).toEqual(["order cannot finish; compensating"]);
    const { executionArn } = await env.getOrderRow(orderId);
    expect(executionArn).toEqual(expect.any(String));
    for (const line of workflowLines) expect(line).toMatchObject({ orderId, executionArn, level: "WARN" });
    const workerLines = telemetry.logs.filter((line) => typeof line.service === "string" && line.service.endsWith("-worker"));
    expect(workerLines.length).toBeGreaterThan(5);
    for (const line of workerLines) expect(line.orderId).toBe(orderId);
    const text = telemetry.raw.join("\n");
    for (const secret of ["grace.probe", order.shippingAddress.line1, order.shippingAddress.city]) expect(text).not.toContain(secret);
  });
});
