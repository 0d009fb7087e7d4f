/**
 * The order console in a real browser (Debian's chromium through playwright-core),
 * against the local stack: what an operator sees and does.
 */
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { Page } from "playwright-core";
import { startConsole, type RunningConsole } from "../../src/console/server";
import { localConsoleTarget, type ConsoleTarget } from "../../src/console/target";
import { startupBanner } from "../../src/local/dev";
import type { LocalStack } from "../../src/local/stack";
import { launchChromium, type Chromium } from "../../scripts/chromium";
import { freePorts } from "../support/stack";
import { createOrder, getOrder, HIGH_VALUE_ORDER, isAwaitingApproval, waitForOrder } from "../local/support/orders";
import { startConsoleStack } from "./support/console-stack";

let stack: LocalStack & { consoleUrl: string };
let browser: Chromium;
/** A second console on the same stack that refreshes faster, so the tests that watch an order move wait less. */
let fastConsole: RunningConsole;
let fastTarget: ConsoleTarget;
/** Orders over the approval threshold, started together up front so their waits overlap. */
let waiting: Record<"timeline" | "approve" | "reject" | "stop" | "down", Promise<string>>;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsoleStack(), launchChromium()]);
  fastTarget = localConsoleTarget({ lambdaEndpoint: stack.lambdaEndpoint, dynamodbEndpoint: stack.dynamodbEndpoint });
  fastConsole = await startConsole({ target: fastTarget, port: 0, refreshMs: 250 });
  const [timeline, approve, reject, stop, down] = await Promise.all(Array.from({ length: 5 }, () => createOrder(stack.apiUrl, HIGH_VALUE_ORDER)));
  const awaitingApproval = (orderId: string) => waitForOrder(stack.apiUrl, orderId, isAwaitingApproval, 30_000).then(() => orderId);
  waiting = { timeline: awaitingApproval(timeline!), approve: awaitingApproval(approve!), reject: awaitingApproval(reject!), stop: awaitingApproval(stop!), down: awaitingApproval(down!) };
  // Every test awaits its own; this keeps a failed start from going unnoticed as an unhandled rejection.
  for (const order of Object.values(waiting)) order.catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await fastConsole?.close();
  fastTarget?.close();
  await stack?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(url);
  return page;
}

/** Clicks an action button, types the reason and confirms in the console's dialog. */
async function confirmAction(page: Page, button: string, reason?: string): Promise<void> {
  await page.click(`button[data-action="${button}"]`);
  await page.waitForSelector("dialog#confirm[open]");
  if (reason !== undefined) await page.fill("dialog#confirm textarea", reason);
  await page.click('dialog#confirm button[value="confirm"]');
}

test("npm run dev's start-up output names the console", () => {
  expect(startupBanner(stack)).toContain(`Console      ${stack.consoleUrl}`);
});

test("an order that needs approval appears on the orders list by itself, newest first, with its status and total", async () => {
  const page = await openPage(`${stack.consoleUrl}/`);
  const orderId = await createOrder(stack.apiUrl, HIGH_VALUE_ORDER);

  // No reload: the list refreshes itself until the order waits for approval.
  const row = await page.waitForSelector(`tr[data-order-id="${orderId}"][data-status="awaiting-approval"]`);
  expect(await row.textContent()).toContain("$7,798.96");
  expect(await page.getAttribute("tbody tr:first-child", "data-order-id")).toBe(orderId);

  await page.selectOption('select[name="status"]', "awaiting-approval");
  await page.waitForURL(/status=awaiting-approval/);
  const statuses = await page.$$eval("tbody tr[data-status]", (rows) => rows.map((row) => row.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["awaiting-approval"]));
  await page.close();
});

test("the order page draws the execution's operations on a timeline, and an operation opens its input and result", async () => {
  const orderId = await waiting.timeline;
  const page = await openPage(`${fastConsole.url}/orders/${orderId}`);

  const names = await page.$$eval(".tl-row .tl-op", (cells) => cells.map((cell) => cell.textContent));
  expect(names).toEqual(expect.arrayContaining(["validate-order", "prepare-order", "check-inventory", "authorize-payment", "assess-risk", "await-approval"]));
  // Parallel branches sit one level under their parallel.
  const indent = async (name: string) => Number(/padding-left:\s*([\d.]+)rem/.exec((await page.getAttribute(`.tl-row:has(.tl-op:text-is("${name}")) .tl-name`, "style")) ?? "")?.[1]);
  expect(await indent("check-inventory")).toBeGreaterThan(await indent("prepare-order"));
  const callbackId = (await getOrder(stack.apiUrl, orderId)).approval?.callbackId;
  expect(await page.textContent(".tl-row:has(.tl-kind:text-is('Callback'))")).toContain(`callback id ${callbackId}`);

  await page.click('.tl-row:has(.tl-op:text-is("validate-order"))');
  const detail = await page.waitForSelector("#detail .events");
  const text = (await detail.textContent()) ?? "";
  expect(text).toContain("StepSucceeded");
  expect(text).toContain(`"orderId": "${orderId}"`);
  await page.close();
});

test("Approve asks first, sends the callback, and the order goes on to completed while the page watches", async () => {
  const orderId = await waiting.approve;
  const page = await openPage(`${fastConsole.url}/orders/${orderId}`);

  await page.click('button[data-action="approve"]');
  await page.waitForSelector("dialog#confirm[open]");
  expect(await page.textContent("dialog#confirm h2")).toBe(`Approve order ${orderId}?`);
  await page.click('dialog#confirm button[value="cancel"]');
  expect((await getOrder(stack.apiUrl, orderId)).status).toBe("awaiting-approval");

  await confirmAction(page, "approve", "checked with the customer");
  await page.waitForSelector('h1 .badge:text-is("completed")', { timeout: 30_000 });
  const order = (await getOrder(stack.apiUrl, orderId)) as unknown as { status: string; approval: { decision: string; reason: string } };
  expect(order).toMatchObject({ status: "completed", approval: { decision: "approved", reason: "checked with the customer" } });
  expect(await page.textContent("section.approval")).toContain("checked with the customer");
  await page.close();
});

test("Reject needs a reason, then compensates the order: the authorization is voided and the order ends rejected", async () => {
  const orderId = await waiting.reject;
  const page = await openPage(`${fastConsole.url}/orders/${orderId}`);

  await confirmAction(page, "reject");
  expect(await page.isVisible("dialog#confirm[open]")).toBe(true);
  expect((await getOrder(stack.apiUrl, orderId)).status).toBe("awaiting-approval");

  await page.fill("dialog#confirm textarea", "address looks wrong");
  await page.click('dialog#confirm button[value="confirm"]');
  await page.waitForSelector('h1 .badge:text-is("rejected")', { timeout: 30_000 });
  await page.waitForSelector('table.compensations code:text-is("void-payment")');
  expect(await page.textContent(".tl-rows")).toContain("compensate-void-payment");
  expect((await getOrder(stack.apiUrl, orderId)).status).toBe("rejected");
  await page.close();
});

test("Stop execution stops a waiting order's execution, the re-driver then voids its payment and fails it, and the executions page finds executions with no order", async () => {
  const orderId = await waiting.stop;
  const page = await openPage(`${fastConsole.url}/orders/${orderId}`);
  await confirmAction(page, "stop", "stuck in a demo");
  await page.waitForSelector('.section-head .badge:text-is("STOPPED")');
  // The re-driver's schedule (at most every 100 ms at time scale 0.001) finds the stopped execution; the page watches.
  await page.waitForSelector('h1 .badge:text-is("failed")', { timeout: 30_000 });
  await page.waitForSelector('table.compensations code:text-is("void-payment")');
  expect((await getOrder(stack.apiUrl, orderId)).failureReason).toMatch(/^WorkflowEnded: .*was stopped/);

  // A direct invoke of the orchestrator with a broken event: an execution that never had an order.
  const lambda = new LambdaClient({ endpoint: stack.lambdaEndpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await lambda.send(new InvokeCommand({ FunctionName: "OrderWorkflowFunction:live", InvocationType: "Event", DurableExecutionName: "manual-no-order", Payload: JSON.stringify({ order: {} }) }));
  } finally {
    lambda.destroy();
  }
  await page.goto(`${stack.consoleUrl}/executions?status=FAILED`);
  await page.waitForSelector('tr[data-execution-name="manual-no-order"][data-has-order="no"]');

  await page.goto(`${stack.consoleUrl}/executions?status=STOPPED`);
  const stopped = await page.waitForSelector(`tr[data-execution-name="order-${orderId}"]`);
  expect(await stopped.getAttribute("data-has-order")).toBe("yes");
  await (await stopped.$("td:first-child a"))?.click();
  await page.waitForSelector('h1 .badge:text-is("STOPPED")');
  expect(await page.textContent("section.card")).toContain("StoppedFromConsole");
  await page.close();
});

describe("a console whose Lambda service is down", () => {
  let target: ConsoleTarget;
  let down: RunningConsole;
  let deadEndpoint: string;

  beforeAll(async () => {
    const [deadPort] = await freePorts(1);
    deadEndpoint = `http://127.0.0.1:${deadPort}`;
    target = localConsoleTarget({ lambdaEndpoint: deadEndpoint, dynamodbEndpoint: stack.dynamodbEndpoint });
    down = await startConsole({ target, port: 0 });
  });
  afterAll(async () => {
    await down?.close();
    target?.close();
  });

  test("says which service it cannot reach, on the page and when an action fails, instead of a blank page", async () => {
    const orderId = await waiting.down;
    const page = await openPage(`${down.url}/orders/${orderId}`);
    expect(await page.textContent("h1")).toContain(orderId);
    const error = (await page.textContent(".error")) ?? "";
    expect(error).toContain(`Cannot reach the Lambda service at ${deadEndpoint}`);
    expect(error).toContain("connection refused");

    await confirmAction(page, "approve");
    const dialogError = await page.waitForSelector('dialog#confirm [data-slot="error"]:not([hidden])');
    expect(await dialogError.textContent()).toContain(`Cannot reach the Lambda service at ${deadEndpoint}`);

    const response = await page.goto(`${down.url}/executions`);
    expect(response?.status()).toBe(502);
    expect(await page.textContent(".error")).toContain(`Cannot reach the Lambda service at ${deadEndpoint}`);
    await page.close();
  });
});
