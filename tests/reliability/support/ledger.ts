/**
 * The books an order system must keep straight, read straight from the stack's
 * DynamoDB tables, and the invariants they must satisfy once every order is terminal.
 *
 * `ledgerViolations` returns one sentence per broken rule (empty when all hold), so a
 * failing test says which order or product broke which rule.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { readSeedProducts } from "../../../src/adapters/inventory-seed";
import { TERMINAL_STATUSES } from "../../support/stack";

export interface InventoryRow {
  productId: string;
  onHand: number;
  reserved: number;
  shipped: number;
}

/** One order's reservation of one product (ReservationsTable). */
export interface ReservationRow {
  orderId: string;
  productId: string;
  quantity: number;
  state: string;
}

export interface PaymentRow {
  orderId: string;
  entry: string;
  amountCents?: number;
}

export interface OrderRow {
  orderId: string;
  status: string;
  items?: Array<{ productId: string; quantity: number }>;
  totals?: { totalCents?: number };
  compensations?: Array<{ action: string; status?: string }>;
  failureReason?: string;
  [field: string]: unknown;
}

export interface LedgerSnapshot {
  orders: OrderRow[];
  inventory: InventoryRow[];
  reservations: ReservationRow[];
  payments: PaymentRow[];
  idempotency: Array<Record<string, unknown>>;
}

export function documentClient(endpoint: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 5,
  });
  return DynamoDBDocumentClient.from(client);
}

export async function scanAll<T>(doc: DynamoDBDocumentClient, tableName: string): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    items.push(...((page.Items ?? []) as T[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function readLedgers(dynamodbEndpoint: string, tableNames: Record<string, string>): Promise<LedgerSnapshot> {
  const doc = documentClient(dynamodbEndpoint);
  try {
    const table = (logicalId: string): string => {
      const name = tableNames[logicalId];
      if (!name) throw new Error(`the stack reports no table ${logicalId}`);
      return name;
    };
    const [orders, inventory, reservations, payments, idempotency] = await Promise.all([
      scanAll<OrderRow>(doc, table("OrdersTable")),
      scanAll<InventoryRow>(doc, table("InventoryTable")),
      scanAll<ReservationRow>(doc, table("ReservationsTable")),
      scanAll<PaymentRow>(doc, table("PaymentsTable")),
      scanAll<Record<string, unknown>>(doc, table("IdempotencyTable")),
    ]);
    return { orders, inventory, reservations, payments, idempotency };
  } finally {
    doc.destroy();
  }
}

/** Starting stock per product, as data/inventory-seed.json gives it. */
export function seedStock(): Map<string, number> {
  return new Map(readSeedProducts().map((product) => [product.productId, product.stock]));
}

/** Ledger rows that record money movements (the payment worker also keeps `attempts#…` counters). */
const MONEY_ENTRIES = ["authorize", "capture", "refund", "void"] as const;
type MoneyEntry = (typeof MONEY_ENTRIES)[number];

function paymentsByOrder(payments: readonly PaymentRow[]): Map<string, Map<MoneyEntry, PaymentRow[]>> {
  const byOrder = new Map<string, Map<MoneyEntry, PaymentRow[]>>();
  for (const row of payments) {
    if (!(MONEY_ENTRIES as readonly string[]).includes(row.entry)) continue;
    const entries = byOrder.get(row.orderId) ?? new Map<MoneyEntry, PaymentRow[]>();
    const list = entries.get(row.entry as MoneyEntry) ?? [];
    list.push(row);
    entries.set(row.entry as MoneyEntry, list);
    byOrder.set(row.orderId, entries);
  }
  return byOrder;
}

/**
 * Every rule, checked over the whole snapshot:
 * - every order is terminal;
 * - stock is conserved per product (initial = onHand + reserved + shipped), never negative,
 *   nothing stays reserved once all orders are terminal, and shipped stock is exactly what
 *   completed orders took;
 * - each completed order has exactly one capture, for its total, and no refund or void;
 * - the captured-and-kept payments are exactly the completed orders;
 * - each order that did not complete but was captured is refunded exactly once, for the
 *   captured amount; one that was only authorized has its authorization voided;
 * - no order is both completed and compensated;
 * - every compensation an order records succeeded, and none is recorded twice.
 */
export function ledgerViolations(snapshot: LedgerSnapshot, initialStock: ReadonlyMap<string, number> = seedStock()): string[] {
  const violations: string[] = [];
  const ordersById = new Map(snapshot.orders.map((order) => [order.orderId, order]));
  const payments = paymentsByOrder(snapshot.payments);

  for (const order of snapshot.orders) {
    if (!TERMINAL_STATUSES.has(order.status)) violations.push(`order ${order.orderId} is not terminal (status ${order.status})`);
  }

  // ---- stock
  const shippedByCompleted = new Map<string, number>();
  for (const order of snapshot.orders) {
    if (order.status !== "completed") continue;
    for (const item of order.items ?? []) {
      shippedByCompleted.set(item.productId, (shippedByCompleted.get(item.productId) ?? 0) + item.quantity);
    }
  }
  const inventoryById = new Map(snapshot.inventory.map((row) => [row.productId, row]));
  for (const [productId, initial] of initialStock) {
    const row = inventoryById.get(productId);
    if (!row) {
      violations.push(`product ${productId} is missing from the inventory table`);
      continue;
    }
    const total = row.onHand + row.reserved + row.shipped;
    if (total !== initial) {
      violations.push(`product ${productId}: stock not conserved: initial ${initial} != onHand ${row.onHand} + reserved ${row.reserved} + shipped ${row.shipped} (= ${total})`);
    }
    if (row.onHand < 0 || row.reserved < 0 || row.shipped < 0) {
      violations.push(`product ${productId}: negative stock (onHand ${row.onHand}, reserved ${row.reserved}, shipped ${row.shipped})`);
    }
    if (row.reserved !== 0) violations.push(`product ${productId}: ${row.reserved} units still reserved after every order ended`);
    const expectedShipped = shippedByCompleted.get(productId) ?? 0;
    if (row.shipped !== expectedShipped) {
      violations.push(`product ${productId}: shipped ${row.shipped} but completed orders took ${expectedShipped}`);
    }
  }
  for (const reservation of snapshot.reservations) {
    const { orderId, productId } = reservation;
    const order = ordersById.get(orderId);
    const expected = order?.status === "completed" ? "shipped" : "released";
    if (reservation.state !== expected) {
      violations.push(`product ${productId}: reservation of order ${orderId} (status ${order?.status ?? "unknown"}) is ${reservation.state}, expected ${expected}`);
    }
  }
  // Each product's reserved + shipped units are exactly what its live reservations hold.
  for (const row of snapshot.inventory) {
    const held = (state: string) => snapshot.reservations.filter((r) => r.productId === row.productId && r.state === state).reduce((sum, r) => sum + r.quantity, 0);
    if (held("shipped") !== row.shipped) violations.push(`product ${row.productId}: shipped ${row.shipped} but shipped reservations hold ${held("shipped")}`);
    if (held("reserved") !== row.reserved) violations.push(`product ${row.productId}: reserved ${row.reserved} but reserved reservations hold ${held("reserved")}`);
  }

  // ---- money
  for (const row of snapshot.payments) {
    if (!(MONEY_ENTRIES as readonly string[]).includes(row.entry) && !row.entry.startsWith("attempts#")) {
      violations.push(`order ${row.orderId}: unknown payments ledger entry "${row.entry}"`);
    }
  }
  for (const order of snapshot.orders) {
    const actions = (order.compensations ?? []).map((compensation) => compensation.action);
    const repeated = actions.filter((action, index) => actions.indexOf(action) !== index);
    if (repeated.length > 0) violations.push(`order ${order.orderId} records compensation ${[...new Set(repeated)].join(", ")} more than once`);
    const failed = (order.compensations ?? []).filter((compensation) => compensation.status === "failed").map((compensation) => compensation.action);
    if (failed.length > 0) violations.push(`order ${order.orderId}: compensation ${failed.join(", ")} failed and was left for a person`);
  }
  for (const [orderId, entries] of payments) {
    const order = ordersById.get(orderId);
    if (!order) {
      violations.push(`payments ledger has entries for order ${orderId}, which is not in the orders table`);
      continue;
    }
    for (const [entry, rows] of entries) {
      if (rows.length > 1) violations.push(`order ${orderId}: ${rows.length} ${entry} entries`);
    }
  }
  for (const order of snapshot.orders) {
    const entries = payments.get(order.orderId) ?? new Map<MoneyEntry, PaymentRow[]>();
    const capture = entries.get("capture")?.[0];
    const refunds = entries.get("refund") ?? [];
    const voids = entries.get("void") ?? [];
    const authorize = entries.get("authorize")?.[0];
    const compensations = order.compensations ?? [];
    if (order.status === "completed") {
      if (!capture) violations.push(`order ${order.orderId} completed without a capture`);
      else if (order.totals?.totalCents !== undefined && capture.amountCents !== order.totals.totalCents) {
        violations.push(`order ${order.orderId}: captured ${capture.amountCents} cents but its total is ${order.totals.totalCents}`);
      }
      if (refunds.length > 0 || voids.length > 0) violations.push(`order ${order.orderId} completed but was also refunded or voided`);
      if (compensations.length > 0) {
        violations.push(`order ${order.orderId} completed but records compensations: ${compensations.map((c) => c.action).join(", ")}`);
      }
      continue;
    }
    if (!TERMINAL_STATUSES.has(order.status)) continue;
    if (capture) {
      if (refunds.length !== 1) violations.push(`order ${order.orderId} (${order.status}) was captured and refunded ${refunds.length} times`);
      else if (refunds[0]?.amountCents !== capture.amountCents) {
        violations.push(`order ${order.orderId}: refunded ${refunds[0]?.amountCents} cents of ${capture.amountCents} captured`);
      }
    } else if (authorize && voids.length !== 1) {
      violations.push(`order ${order.orderId} (${order.status}) was authorized, never captured, and its authorization was voided ${voids.length} times`);
    }
  }
  const keptCaptures = [...payments].filter(([, entries]) => entries.has("capture") && !entries.has("refund")).map(([orderId]) => orderId).sort();
  const completed = snapshot.orders.filter((order) => order.status === "completed").map((order) => order.orderId).sort();
  if (keptCaptures.join(",") !== completed.join(",")) {
    violations.push(`captured (and not refunded) payments [${keptCaptures.length}] differ from completed orders [${completed.length}]`);
  }
  return violations;
}

/** How many orders ended in each status, for test output and the soak figures. */
export function statusCounts(orders: readonly OrderRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const order of orders) counts[order.status] = (counts[order.status] ?? 0) + 1;
  return counts;
}
