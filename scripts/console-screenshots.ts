/**
 * Remakes the console screenshots in README.md: starts the local stack in memory, puts
 * a few orders through it (completed, approved, rejected, declined, one waiting for
 * approval), and photographs the console's pages with headless chromium.
 *
 *   npx tsx scripts/console-screenshots.ts        (needs chromium: apt-get install -y chromium)
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startLocalStack, type LocalStack } from "../src/local/stack";
import { PROJECT_ROOT } from "../src/local/template";
import { launchChromium } from "./chromium";

if (Number(process.versions.node.split(".")[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const SCREENSHOT_DIR = join(PROJECT_ROOT, "docs", "console");

const ADDRESS_CA = { line1: "100 Market St", city: "San Francisco", state: "CA", zip: "94105", country: "US" };
const ADDRESS_NY = { line1: "1 Broadway", city: "New York", state: "NY", zip: "10004", country: "US" };
const BOOKS = [{ productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 2, price: 39.99 }];
const SERVER = [{ productId: "SERVER-001", name: "Rack Server 2U", quantity: 1, price: 7499.0 }];

async function createOrder(stack: LocalStack, customerId: string, address: object, items: object[], paymentToken?: string): Promise<string> {
  const response = await fetch(`${stack.apiUrl}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ customerId, customerEmail: `${customerId}@example.com`, shippingAddress: address, items, ...(paymentToken ? { paymentToken } : {}) }),
  });
  const body = (await response.json()) as { orderId?: string };
  if (!body.orderId) throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(body)}`);
  return body.orderId;
}

async function waitForStatus(stack: LocalStack, orderId: string, statuses: readonly string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const order = (await (await fetch(`${stack.apiUrl}/orders/${orderId}`)).json()) as { status?: string };
    if (order.status && statuses.includes(order.status)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`order ${orderId} did not reach ${statuses.join(" or ")}`);
}

async function decide(stack: LocalStack, orderId: string, approved: boolean, reason: string): Promise<void> {
  await waitForStatus(stack, orderId, ["awaiting-approval"]);
  const response = await fetch(`${stack.apiUrl}/orders/${orderId}/approval`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ approved, reason }) });
  if (response.status !== 202) throw new Error(`approval of ${orderId} answered ${response.status}`);
}

async function main(): Promise<void> {
  const stack = await startLocalStack({
    apiPort: 0,
    lambdaPort: 0,
    dynamodbPort: 0,
    consolePort: 0,
    inMemory: true,
    warm: true,
    timeScale: 0.001,
    environmentOverrides: { Parameters: { WORKER_LATENCY_MS: "0" } },
    functionLog: () => undefined,
  });
  const browser = await launchChromium({ width: 1400, height: 900 });
  try {
    const completed = await createOrder(stack, "cust-1001", ADDRESS_CA, BOOKS);
    const declined = await createOrder(stack, "cust-1002", ADDRESS_CA, BOOKS, "tok_decline");
    const approved = await createOrder(stack, "cust-2002", ADDRESS_NY, SERVER);
    const rejected = await createOrder(stack, "cust-2003", ADDRESS_NY, SERVER);
    await decide(stack, approved, true, "known customer");
    await decide(stack, rejected, false, "shipping address does not match the card");
    const waiting = await createOrder(stack, "cust-2004", ADDRESS_NY, SERVER);
    await Promise.all([
      waitForStatus(stack, completed, ["completed"]),
      waitForStatus(stack, declined, ["failed"]),
      waitForStatus(stack, approved, ["completed"]),
      waitForStatus(stack, rejected, ["rejected"]),
      waitForStatus(stack, waiting, ["awaiting-approval"]),
    ]);

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const page = await browser.context.newPage();
    const shoot = async (name: string, fullPage: boolean) => {
      const path = join(SCREENSHOT_DIR, name);
      await page.screenshot({ path, fullPage, animations: "disabled" });
      process.stdout.write(`wrote ${path}\n`);
    };

    await page.goto(`${stack.consoleUrl}/`);
    await shoot("orders.png", false);

    await page.goto(`${stack.consoleUrl}/orders/${waiting}`);
    await page.click('.tl-row:has(.tl-op:text-is("authorize-payment"))');
    await page.waitForSelector("#detail .events");
    await shoot("order-awaiting-approval.png", false);

    await page.goto(`${stack.consoleUrl}/orders/${rejected}`);
    await shoot("order-rejected.png", true);
  } finally {
    await browser.close();
    await stack.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`console-screenshots: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
