import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNodeScript, startDevProcess, type DevProcess } from "./support/dev-process";
import {
  createOrder,
  documentClient,
  getOrder,
  HIGH_VALUE_ORDER,
  isAwaitingApproval,
  isTerminal,
  ledgerEntries,
  waitForOrder,
} from "./support/orders";

const dataDir = mkdtempSync(join(tmpdir(), "local-stack-crash-"));
const envFile = join(dataDir, "env.json");
writeFileSync(envFile, JSON.stringify({ Parameters: { WORKER_LATENCY_MS: "0" } }));

// A 300-second warehouse wait becomes 3 s: long enough to kill the stack inside it.
const DEV_ARGS = ["--data-dir", dataDir, "--api-port", "0", "--lambda-port", "0", "--dynamodb-port", "0", "--console-port", "0", "--quiet", "--env-vars", envFile];
const DEV_ENV = { DURABLE_EXECUTIONS_TIME_SCALE: "0.01" };

const running: DevProcess[] = [];
async function start(): Promise<DevProcess> {
  const dev = await startDevProcess(DEV_ARGS, DEV_ENV);
  running.push(dev);
  return dev;
}

afterAll(async () => {
  for (const dev of running) await dev.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** PaymentFunction logs one line per capture it performs. */
function captureRuns(output: string): number {
  return output.split("\n").filter((line) => line.startsWith("[PaymentFunction]") && line.includes('"action":"capture"')).length;
}

test("an order survives two SIGKILLs of npm run dev — one awaiting approval, one in the warehouse wait — and completes with exactly one payment capture", async () => {
  const first = await start();
  const orderId = await createOrder(first.apiUrl, HIGH_VALUE_ORDER);
  await waitForOrder(first.apiUrl, orderId, isAwaitingApproval);
  expect(await first.kill("SIGKILL")).toBeNull();

  // Restarted on the same data folder: the order and its open callback are still there, and the approval is accepted.
  const second = await start();
  expect((await getOrder(second.apiUrl, orderId)).status).toBe("awaiting-approval");
  const approval = await fetch(`${second.apiUrl}/orders/${orderId}/approval`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ approved: true }),
  });
  expect(approval.status).toBe(202);
  const inWarehouse = await waitForOrder(second.apiUrl, orderId, (order) => order.status === "awaiting-warehouse" || isTerminal(order));
  expect(inWarehouse.status).toBe("awaiting-warehouse");
  await second.kill("SIGKILL");

  const third = await start();
  const order = await waitForOrder(third.apiUrl, orderId, isTerminal);
  expect(order.status).toBe("completed");

  const doc = documentClient(third.dynamodbEndpoint);
  try {
    expect(await ledgerEntries(doc, orderId)).toEqual(["authorize", "capture"]);
  } finally {
    doc.destroy();
  }
  expect(captureRuns(first.output() + second.output() + third.output())).toBe(1);

  // The local CLI reads the finished execution's history by order id.
  const cli = runNodeScript("src/local/cli.ts", [
    "execution", "history", orderId,
    "--lambda-port", new URL(third.lambdaEndpoint).port,
    "--dynamodb-port", new URL(third.dynamodbEndpoint).port,
  ]);
  let printed = "";
  cli.stdout!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  cli.stderr!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => cli.once("exit", resolve));
  expect({ code, printed }).toEqual({ code: 0, printed: expect.stringMatching(/capture-payment\s+ChainedInvoke\s+SUCCEEDED/) });
  expect(printed).toMatch(/await-approval\s+Context\/WaitForCallback\s+SUCCEEDED/);
  expect(printed).toMatch(/warehouse-processing\s+Wait\s+SUCCEEDED/);

  await third.kill("SIGTERM");
}, 120_000);
