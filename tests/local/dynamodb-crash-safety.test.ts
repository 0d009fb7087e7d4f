/**
 * A transaction survives a crash whole or not at all. A child process serves the tables
 * from a data folder; it is killed with SIGKILL while transactions are in flight (each
 * reserves stock of three products: three counter updates and three reservation items),
 * then started again on the same folder, three times over. After each restart every
 * counter must balance with the reservations recorded against it, every order must have
 * all three reservations or none, every acknowledged transaction must be there, and
 * retrying every transaction with its ClientRequestToken must apply each order exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { reservation, RESERVATIONS_TABLE, STOCK_TABLE } from "./support/transaction-tables";

const CHILD = resolve(__dirname, "support", "dynamo-child.ts");
const PRODUCTS = ["p-a", "p-b", "p-c", "p-d", "p-e"];
const INITIAL_STOCK = 1_000_000;
const KILLS = 3;
const ACKNOWLEDGED_BEFORE_KILL = 60;
const IN_FLIGHT = 12;

interface Child {
  process: ChildProcess;
  doc: DynamoDBDocumentClient;
  exited: Promise<void>;
}

/** The children still running, killed after the test whatever happened. */
const running = new Set<Child>();

async function startChild(dataDir: string): Promise<Child> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolvePromise) => child.once("exit", () => resolvePromise()));
  let output = "";
  const port = await new Promise<number>((resolvePromise, reject) => {
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      const match = /listening (\d+)/.exec(output);
      if (match) resolvePromise(Number(match[1]));
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    void exited.then(() => reject(new Error(`the DynamoDB child exited while starting:\n${output}`)));
  });
  const client = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const started = { process: child, doc: DynamoDBDocumentClient.from(client), exited };
  running.add(started);
  return started;
}

async function killChild(child: Child): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) process.kill(-child.process.pid!, "SIGKILL");
  await child.exited;
  child.doc.destroy();
  running.delete(child);
}

/** Order n reserves 1 to 3 units of three of the products, in one transaction. */
function order(n: number): { orderId: string; lines: Array<{ productId: string; quantity: number }>; request: TransactWriteCommandInput } {
  const orderId = `o-${n}`;
  const lines = [0, 1, 2].map((i) => ({ productId: PRODUCTS[(n + i * 2) % PRODUCTS.length]!, quantity: 1 + ((n + i) % 3) }));
  return {
    orderId,
    lines,
    request: {
      ClientRequestToken: orderId,
      TransactItems: lines.flatMap(({ productId, quantity }) => reservation(orderId, productId, quantity)),
    },
  };
}

async function scan(doc: DynamoDBDocumentClient, TableName: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Checks the ledgers balance and returns the orders whose reservations are there. */
async function checkLedgers(doc: DynamoDBDocumentClient): Promise<Set<string>> {
  const stock = await scan(doc, STOCK_TABLE);
  const reservations = await scan(doc, RESERVATIONS_TABLE);
  for (const productId of PRODUCTS) {
    const reserved = reservations.filter((r) => r.productId === productId).reduce((sum, r) => sum + (r.quantity as number), 0);
    expect(stock.find((s) => s.productId === productId)).toEqual({ productId, onHand: INITIAL_STOCK - reserved, reserved });
  }
  const linesByOrder = new Map<string, number>();
  for (const r of reservations) linesByOrder.set(r.orderId as string, (linesByOrder.get(r.orderId as string) ?? 0) + 1);
  expect([...new Set(linesByOrder.values())].filter((lines) => lines !== 3)).toEqual([]);
  return new Set(linesByOrder.keys());
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "dynamo-crash-"));
});
afterAll(async () => {
  await Promise.all([...running].map(killChild));
  rmSync(dataDir, { recursive: true, force: true });
});

test(`transactions killed mid-flight ${KILLS} times are never half applied, and their tokens survive the crash`, async () => {
  let child = await startChild(dataDir);
  await child.doc.send(new BatchWriteCommand({
    RequestItems: { [STOCK_TABLE]: PRODUCTS.map((productId) => ({ PutRequest: { Item: { productId, onHand: INITIAL_STOCK, reserved: 0 } } })) },
  }));

  const acknowledged = new Set<string>();
  let next = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const target = acknowledged.size + ACKNOWLEDGED_BEFORE_KILL;
    const serving = child;
    let killing: Promise<void> | undefined;
    // Keep IN_FLIGHT transactions going; the kill comes from the acknowledgement count, so many are mid-way.
    const worker = async (): Promise<void> => {
      while (!killing) {
        const { orderId, request } = order(next++);
        try {
          await serving.doc.send(new TransactWriteCommand(request));
          acknowledged.add(orderId);
          if (acknowledged.size >= target) killing ??= killChild(serving);
        } catch {
          return; // the process is gone
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    await killing;

    child = await startChild(dataDir);
    const applied = await checkLedgers(child.doc);
    expect([...acknowledged].filter((orderId) => !applied.has(orderId))).toEqual([]);
  }

  // A client retries what it sent; the tokens kept with the data make each order apply exactly once.
  for (let n = 0; n < next; n++) await child.doc.send(new TransactWriteCommand(order(n).request));
  const applied = await checkLedgers(child.doc);
  expect(applied.size).toBe(next);
  const stock = await scan(child.doc, STOCK_TABLE);
  const expectedReserved = (productId: string) => Array.from({ length: next }, (_, n) => order(n).lines)
    .flat()
    .filter((line) => line.productId === productId)
    .reduce((sum, line) => sum + line.quantity, 0);
  for (const productId of PRODUCTS) expect(stock.find((s) => s.productId === productId)?.reserved).toBe(expectedReserved(productId));
  await killChild(child);
}, 120_000);
