/**
 * Runs the order workflow on the official LocalDurableTestRunner (time skipping on)
 * against dynalite, with the real worker handlers registered under the function names
 * the workflow is configured with.
 *
 * The pickup poll calls the shipping worker with a plain Lambda Invoke (see
 * src/workflow/carrier-client.ts). The test runner has no Lambda endpoint, so this
 * harness serves the one Lambda route that needs — POST /2015-03-31/functions/{name}/invocations
 * — on 127.0.0.1 and points AWS_ENDPOINT_URL_LAMBDA at it; the SDK client is the real one.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context, Handler } from "aws-lambda";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { LocalDurableTestRunner } from "@aws/durable-execution-sdk-js-testing";
import { setupSkipTimeEnvironment } from "../../support/durable-test-runner";
import { withLocalDynamo } from "../../support/local-env";

/** Function names as the template would set them; the workflow passes them as funcId. */
export const FUNCTIONS = {
  inventory: "order-inventory-worker",
  payment: "order-payment-worker",
  shipping: "order-shipping-worker",
  tax: "order-tax-worker",
} as const;

export type WorkerName = keyof typeof FUNCTIONS;
export type WorkerOverrides = Partial<Record<WorkerName, Handler>>;

/** Sets the orchestrator's environment. Call at the top of a test file, before any run. */
export function configureWorkflowEnv(overrides: Record<string, string> = {}): void {
  process.env.INVENTORY_FUNCTION = FUNCTIONS.inventory;
  process.env.PAYMENT_FUNCTION = FUNCTIONS.payment;
  process.env.SHIPPING_FUNCTION = FUNCTIONS.shipping;
  process.env.TAX_FUNCTION = FUNCTIONS.tax;
  process.env.APPROVAL_THRESHOLD_USD = "5000";
  process.env.APPROVAL_TIMEOUT_SECONDS = "3600";
  process.env.WAREHOUSE_WAIT_SECONDS = "300";
  process.env.PICKUP_READY_AFTER_POLLS = "3";
  process.env.PICKUP_MAX_POLLS = "10";
  Object.assign(process.env, overrides);
}

/** Starts dynalite, the durable test environment and the Invoke endpoint for the file; stops them after. */
export function withWorkflowEnvironment() {
  const local = withLocalDynamo();
  let invokeEndpoint: Server | undefined;
  const lambdaRoutes = new Map<string, Handler>();

  beforeAll(async () => {
    await setupSkipTimeEnvironment();
    invokeEndpoint = await serveInvoke(lambdaRoutes);
    process.env.AWS_ENDPOINT_URL_LAMBDA = `http://127.0.0.1:${(invokeEndpoint.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await LocalDurableTestRunner.teardownTestEnvironment();
    await new Promise<void>((resolve) => (invokeEndpoint ? invokeEndpoint.close(() => resolve()) : resolve()));
  });

  /** A fresh runner with the real workers (or the given stand-ins) registered. */
  async function createRunner(overrides: WorkerOverrides = {}): Promise<LocalDurableTestRunner<unknown>> {
    const { handler } = await import("../../../src/workflow/order-workflow");
    const runner = new LocalDurableTestRunner<unknown>({ handlerFunction: handler });
    for (const [worker, functionName] of Object.entries(FUNCTIONS) as [WorkerName, string][]) {
      const workerHandler = overrides[worker] ?? (await realWorker(worker));
      runner.registerFunction(functionName, workerHandler);
      lambdaRoutes.set(functionName, workerHandler);
    }
    return runner;
  }

  async function getOrderRow(orderId: string): Promise<Record<string, unknown>> {
    const { Item } = await local.doc.send(new GetCommand({ TableName: local.dynamo.tableNames.OrdersTable, Key: { orderId }, ConsistentRead: true }));
    if (!Item) throw new Error(`no order row for ${orderId}`);
    return Item;
  }

  async function getStock(productId: string): Promise<{ onHand: number; reserved: number; shipped: number }> {
    const { Item } = await local.doc.send(new GetCommand({ TableName: local.dynamo.tableNames.InventoryTable, Key: { productId }, ConsistentRead: true }));
    if (!Item) throw new Error(`no stock row for ${productId}`);
    return Item as never;
  }

  async function getReservation(orderId: string, productId: string): Promise<{ quantity: number; state: string } | undefined> {
    const { Item } = await local.doc.send(new GetCommand({ TableName: local.dynamo.tableNames.ReservationsTable, Key: { orderId, productId }, ConsistentRead: true }));
    return Item as never;
  }

  async function getLedger(orderId: string): Promise<Array<{ entry: string; amountCents?: number; attempts?: number; state?: string }>> {
    const { Items } = await local.doc.send(
      new QueryCommand({
        TableName: local.dynamo.tableNames.PaymentsTable,
        KeyConditionExpression: "orderId = :o",
        ExpressionAttributeValues: { ":o": orderId },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []) as never;
  }

  return { local, createRunner, getOrderRow, getStock, getReservation, getLedger };
}

/** The worker module's own handler, exactly as the template deploys it. */
async function realWorker(worker: WorkerName): Promise<Handler> {
  switch (worker) {
    case "inventory":
      return (await import("../../../src/workers/inventory")).handler as Handler;
    case "payment":
      return (await import("../../../src/workers/payment")).handler as Handler;
    case "shipping":
      return (await import("../../../src/workers/shipping")).handler as Handler;
    case "tax":
      return (await import("../../../src/workers/tax")).handler as Handler;
  }
}

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/** Lambda's synchronous Invoke, as far as the pickup poll uses it; a handler's throw comes back as FunctionError. */
function serveInvoke(routes: Map<string, Handler>): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const match = INVOKE_PATH.exec((request.url ?? "").split("?")[0] ?? "");
      const handler = match ? routes.get(decodeURIComponent(match[1] ?? "").split(":")[0] ?? "") : undefined;
      if (request.method !== "POST" || !handler) {
        response.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" });
        response.end(JSON.stringify({ message: "Function not found" }));
        return;
      }
      const event: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "null");
      Promise.resolve(handler(event, {} as Context, () => undefined)).then(
        (result: unknown) => {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(JSON.stringify(result ?? null));
        },
        (error: unknown) => {
          const err = error instanceof Error ? error : new Error(String(error));
          response.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
          response.end(JSON.stringify({ errorType: err.name, errorMessage: err.message }));
        },
      );
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
