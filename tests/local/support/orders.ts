/**
 * Talking to the local stack as a client would: create orders over HTTP, watch
 * them, and read the tables behind them.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

export const LOW_VALUE_ORDER = {
  customerId: "cust-e2e-1",
  customerEmail: "low@example.com",
  shippingAddress: { line1: "100 Market St", city: "San Francisco", state: "CA", zip: "94105", country: "US" },
  items: [{ productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 2, price: 39.99 }],
};

/** Over the default 5,000 USD approval threshold. */
export const HIGH_VALUE_ORDER = {
  customerId: "cust-e2e-2",
  customerEmail: "high@example.com",
  shippingAddress: { line1: "1 Broadway", city: "New York", state: "NY", zip: "10004", country: "US" },
  items: [{ productId: "SERVER-001", name: "Rack Server 2U", quantity: 1, price: 7499.0 }],
};

export interface OrderView {
  orderId: string;
  status: string;
  statusHistory: Array<{ status: string; at: string }>;
  approval?: { status: string; callbackId?: string };
  executionArn?: string;
  trackingNumber?: string;
  failureReason?: string;
}

const TERMINAL = new Set(["completed", "failed", "rejected", "approval-timed-out"]);

export async function createOrder(apiUrl: string, body: unknown): Promise<string> {
  const response = await fetch(`${apiUrl}/orders`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = (await response.json()) as { orderId?: string };
  if (response.status !== 202 || !answer.orderId) throw new Error(`POST /orders answered ${response.status}: ${JSON.stringify(answer)}`);
  return answer.orderId;
}

export async function getOrder(apiUrl: string, orderId: string): Promise<OrderView> {
  const response = await fetch(`${apiUrl}/orders/${orderId}`);
  if (response.status !== 200) throw new Error(`GET /orders/${orderId} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as OrderView;
}

/** Polls GET /orders/{id} until `done` holds; fails with the last view after `timeoutMs`. */
export async function waitForOrder(apiUrl: string, orderId: string, done: (order: OrderView) => boolean, timeoutMs = 45_000): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  let last: OrderView | undefined;
  while (Date.now() < deadline) {
    last = await getOrder(apiUrl, orderId);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`order ${orderId} did not reach the expected state; last seen: ${JSON.stringify(last)}`);
}

export const isTerminal = (order: OrderView) => TERMINAL.has(order.status);
export const isAwaitingApproval = (order: OrderView) => order.status === "awaiting-approval" && order.approval?.callbackId !== undefined;

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
}

export async function ledgerEntries(doc: DynamoDBDocumentClient, orderId: string): Promise<string[]> {
  const { Items } = await doc.send(new QueryCommand({ TableName: "PaymentsTable", KeyConditionExpression: "orderId = :o", ExpressionAttributeValues: { ":o": orderId } }));
  return (Items ?? []).map((item) => String(item.entry)).filter((entry) => !entry.startsWith("attempts#")).sort();
}

export async function product(doc: DynamoDBDocumentClient, productId: string): Promise<{ onHand: number; reserved: number; shipped: number }> {
  const { Item } = await doc.send(new GetCommand({ TableName: "InventoryTable", Key: { productId } }));
  if (!Item) throw new Error(`no product ${productId}`);
  return Item as never;
}

export async function reservation(doc: DynamoDBDocumentClient, orderId: string, productId: string): Promise<{ quantity: number; state: string } | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: "ReservationsTable", Key: { orderId, productId } }));
  return Item as never;
}
