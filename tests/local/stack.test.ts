import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { LambdaClient, SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startupBanner } from "../../src/local/dev";
import { startLocalStack, type LocalStack } from "../../src/local/stack";
import {
  createOrder,
  documentClient,
  HIGH_VALUE_ORDER,
  isAwaitingApproval,
  isTerminal,
  ledgerEntries,
  LOW_VALUE_ORDER,
  product,
  reservation,
  waitForOrder,
} from "./support/orders";

const run = promisify(execFile);

let stack: LocalStack;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  stack = await startLocalStack({
    inMemory: true,
    apiPort: 0,
    lambdaPort: 0,
    dynamodbPort: 0,
    timeScale: 0.001,
    environmentOverrides: { Parameters: { WORKER_LATENCY_MS: "0" } },
    functionLog: () => undefined,
    warm: true,
  });
  doc = documentClient(stack.dynamodbEndpoint);
}, 60_000);

afterAll(async () => {
  doc?.destroy();
  await stack?.close();
});

/** The AWS CLI as a user runs it: any credentials and a region, pointed at the local endpoint. */
async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run("aws", args, {
    env: { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_DEFAULT_REGION: "us-east-2", AWS_PAGER: "" },
  });
  return stdout;
}

test("the stack serves the template's API, Lambda and DynamoDB endpoints on the ports it reports", () => {
  expect(stack.apiUrl).toBe(`http://127.0.0.1:${stack.ports.api}`);
  expect(stack.lambdaEndpoint).toBe(`http://127.0.0.1:${stack.ports.lambda}`);
  expect(Object.keys(stack.tableNames).sort()).toEqual(["IdempotencyTable", "InventoryTable", "OrdersTable", "PaymentsTable", "ReservationsTable"]);
  expect(stack.seededProducts).toBeGreaterThan(0);
});

test("the start-up text shows the addresses, the routes with the unenforced AWS_IAM auth, the tables and commands to try", () => {
  const banner = startupBanner(stack);
  expect(banner).toContain(`API Gateway  ${stack.apiUrl}`);
  expect(banner).toContain(`Lambda       ${stack.lambdaEndpoint}`);
  expect(banner).toContain(`DynamoDB     ${stack.dynamodbEndpoint}`);
  expect(banner).toMatch(/POST \/orders\/\{orderId\}\/approval\s+-> OrdersApiFunction\s+\(AWS_IAM auth in AWS; NOT enforced locally\)/);
  expect(banner).toContain("OrderWorkflowFunction  durable, alias live");
  expect(banner).toContain("OrdersTable, InventoryTable, ReservationsTable, PaymentsTable, IdempotencyTable");
  expect(banner).toMatch(/Schedules\n\s+OrderRedriverFunction\s+rate\(1 minute\)\s+\(at most every 100 ms at time scale 0\.001\)/);
  expect(banner).toContain(`curl -s -X POST ${stack.apiUrl}/orders`);
  expect(banner).toContain(`npm run local -- execution history <orderId> --lambda-port ${stack.ports.lambda}`);
});

test("a low-value order placed over HTTP completes: payment captured and stock shipped", async () => {
  const before = await product(doc, "BOOK-001");
  const orderId = await createOrder(stack.apiUrl, LOW_VALUE_ORDER);

  const order = await waitForOrder(stack.apiUrl, orderId, isTerminal);

  expect(order.status).toBe("completed");
  expect(order.statusHistory.map((entry) => entry.status)).not.toContain("awaiting-approval");
  expect(order.trackingNumber).toEqual(expect.any(String));
  expect(await ledgerEntries(doc, orderId)).toEqual(["authorize", "capture"]);
  const after = await product(doc, "BOOK-001");
  expect(after.shipped - before.shipped).toBe(2);
  expect(await reservation(doc, orderId, "BOOK-001")).toMatchObject({ quantity: 2, state: "shipped" });
});

test("a high-value order waits for approval and completes once approved through the API", async () => {
  const orderId = await createOrder(stack.apiUrl, HIGH_VALUE_ORDER);
  await waitForOrder(stack.apiUrl, orderId, isAwaitingApproval);
  expect(await ledgerEntries(doc, orderId)).not.toContain("capture");

  const approval = await fetch(`${stack.apiUrl}/orders/${orderId}/approval`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ approved: true }),
  });
  expect(approval.status).toBe(202);

  const order = await waitForOrder(stack.apiUrl, orderId, isTerminal);
  expect(order.status).toBe("completed");
  expect(order.statusHistory.map((entry) => entry.status)).toEqual(expect.arrayContaining(["awaiting-approval", "approved", "completed"]));
  expect(await ledgerEntries(doc, orderId)).toEqual(["authorize", "capture"]);
});

test("a high-value order is approved with the Lambda client's SendDurableExecutionCallbackSuccess against the local endpoint", async () => {
  const orderId = await createOrder(stack.apiUrl, HIGH_VALUE_ORDER);
  const waiting = await waitForOrder(stack.apiUrl, orderId, isAwaitingApproval);
  const lambda = new LambdaClient({ endpoint: stack.lambdaEndpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  try {
    await lambda.send(
      new SendDurableExecutionCallbackSuccessCommand({ CallbackId: waiting.approval!.callbackId!, Result: new TextEncoder().encode(JSON.stringify({ approved: true })) }),
    );
  } finally {
    lambda.destroy();
  }

  const order = await waitForOrder(stack.apiUrl, orderId, isTerminal);
  expect(order.status).toBe("completed");
  expect(await ledgerEntries(doc, orderId)).toEqual(["authorize", "capture"]);
});

test("the AWS CLI approves an order, reads its execution and scans a table through the local endpoints", async () => {
  const orderId = await createOrder(stack.apiUrl, HIGH_VALUE_ORDER);
  const waiting = await waitForOrder(stack.apiUrl, orderId, isAwaitingApproval);

  await aws(
    "lambda", "send-durable-execution-callback-success",
    "--endpoint-url", stack.lambdaEndpoint,
    "--callback-id", waiting.approval!.callbackId!,
    // AWS CLI v1 sends blobs raw; v2 needs `--cli-binary-format raw-in-base64-out` for the same request.
    "--result", '{"approved":true}',
  );
  const order = await waitForOrder(stack.apiUrl, orderId, isTerminal);
  expect(order.status).toBe("completed");

  const execution = JSON.parse(await aws("lambda", "get-durable-execution", "--endpoint-url", stack.lambdaEndpoint, "--durable-execution-arn", order.executionArn!)) as {
    Status: string;
    DurableExecutionName: string;
  };
  expect(execution).toMatchObject({ Status: "SUCCEEDED", DurableExecutionName: `order-${orderId}` });

  const scan = JSON.parse(await aws("dynamodb", "scan", "--endpoint-url", stack.dynamodbEndpoint, "--table-name", "OrdersTable")) as {
    Items: Array<{ orderId: { S: string } }>;
  };
  expect(scan.Items.map((item) => item.orderId.S)).toContain(orderId);
});
