/**
 * Stock, as two kinds of constant-size items that change together in one transaction:
 *
 * - InventoryTable, one item per product: the counters `onHand`, `reserved`, `shipped`.
 * - ReservationsTable, one item per (order, product): `quantity` and `state`
 *   (reserved → released | shipped).
 *
 * Every move writes the counter and the reservation in one `TransactWriteItems`:
 *
 * - reserve: `onHand >= q` and no reservation yet  → onHand −= q, reserved += q, put `reserved`
 * - release: reservation is `reserved` (same q)    → onHand += q, reserved −= q, `released`
 * - ship:    reservation is `reserved` (same q)    → reserved −= q, shipped += q, `shipped`
 *
 * So stock never goes negative, each order reserves, releases or ships a product at most
 * once, and a released reservation stays as a tombstone that a late duplicate reserve
 * cannot get past. No item grows with the number of orders: a best-selling product's
 * item is the same size after its millionth order as after its first.
 */
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { documentClient } from "./dynamodb";
import { requiredEnv } from "./env";
import { cancellationCodes, isRetryableTransactionFailure, isTransactionCanceled, TRANSACTION_RETRY, transactionBackoffMs } from "./transactions";

export interface StockLine {
  productId: string;
  quantity: number;
}

export type ReservationState = "reserved" | "released" | "shipped";

/** The stock counters of one product. */
export interface InventoryItem {
  productId: string;
  name: string;
  onHand: number;
  reserved: number;
  shipped: number;
}

/** One order's hold on one product. */
export interface Reservation {
  orderId: string;
  productId: string;
  quantity: number;
  state: ReservationState;
  reservedAt: string;
  releasedAt?: string;
  shippedAt?: string;
  /** TTL (epoch seconds), set once the reservation is final: released or shipped. */
  expiresAt?: number;
}

export interface AvailabilityResult {
  available: boolean;
  /** Products that are unknown or have fewer units on hand than asked for. */
  unavailable: string[];
}

export type ReserveResult =
  | { ok: true; reserved: string[]; alreadyReserved: string[] }
  /** Nothing of this call stays reserved after a failed reserve. */
  | { ok: false; unavailable: string[] };

export interface ReleaseResult {
  released: string[];
  /** Not reserved by this order, already released, or already shipped. */
  unchanged: string[];
}

export type ShipResult = { ok: true; shipped: string[]; alreadyShipped: string[] } | { ok: false; notReserved: string[] };

/**
 * How long a final reservation is kept before DynamoDB's TTL removes it. It only has to
 * outlive every duplicate request its order's execution could still send, and an
 * execution ends within its 48-hour ExecutionTimeout (see template.yaml).
 */
export const FINAL_RESERVATION_RETENTION_DAYS = 30;

/** One transaction holds at most 100 actions; two per product keeps an order of 50 lines in one. */
const MAX_LINES_PER_TRANSACTION = 50;

function inventoryTable(): string {
  return requiredEnv("INVENTORY_TABLE");
}

function reservationsTable(): string {
  return requiredEnv("RESERVATIONS_TABLE");
}

/** One line per product; quantities of repeated products are added up. */
export function consolidate(lines: readonly StockLine[]): StockLine[] {
  const byProduct = new Map<string, number>();
  for (const { productId, quantity } of lines) {
    if (!Number.isSafeInteger(quantity) || quantity < 1) throw new RangeError(`quantity for ${productId} must be a positive integer`);
    byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  }
  return [...byProduct].map(([productId, quantity]) => ({ productId, quantity }));
}

export async function getProduct(productId: string): Promise<InventoryItem | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: inventoryTable(), Key: { productId }, ConsistentRead: true }));
  return Item as InventoryItem | undefined;
}

/** The order's reservations, by product (consistent read). */
export async function getReservations(orderId: string): Promise<Map<string, Reservation>> {
  const found = new Map<string, Reservation>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: reservationsTable(),
        KeyConditionExpression: "orderId = :orderId",
        ExpressionAttributeValues: { ":orderId": orderId },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    for (const item of (page.Items ?? []) as Reservation[]) found.set(item.productId, item);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** A read-only look (one eventually consistent batch read): would a reservation succeed right now? */
export async function checkStock(lines: readonly StockLine[]): Promise<AvailabilityResult> {
  const wanted = consolidate(lines);
  const onHand = new Map<string, number>();
  let keys: Array<Record<string, unknown>> = wanted.map((line) => ({ productId: line.productId }));
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt >= TRANSACTION_RETRY.maxAttempts) throw new Error("stock check kept being throttled (unprocessed keys)");
    if (attempt > 0) await sleep(transactionBackoffMs(attempt));
    const { Responses, UnprocessedKeys } = await documentClient().send(
      new BatchGetCommand({ RequestItems: { [inventoryTable()]: { Keys: keys, ProjectionExpression: "productId, onHand" } } }),
    );
    for (const item of (Responses?.[inventoryTable()] ?? []) as Array<Pick<InventoryItem, "productId" | "onHand">>) onHand.set(item.productId, item.onHand);
    keys = (UnprocessedKeys?.[inventoryTable()]?.Keys ?? []) as Array<Record<string, unknown>>;
  }
  const unavailable = wanted.filter((line) => (onHand.get(line.productId) ?? 0) < line.quantity).map((line) => line.productId);
  return { available: unavailable.length === 0, unavailable };
}

/**
 * Reserves every line for the order in one transaction, or none. A repeated call for the
 * same order is a no-op success. A reservation that was released is final (the product
 * is reported unavailable), so a late duplicate request cannot take stock back after
 * compensation.
 */
export async function reserveStock(orderId: string, lines: readonly StockLine[], at: string = new Date().toISOString()): Promise<ReserveResult> {
  const wanted = consolidate(lines);
  if (wanted.length > MAX_LINES_PER_TRANSACTION) throw new RangeError(`an order can reserve at most ${MAX_LINES_PER_TRANSACTION} products`);
  const alreadyReserved: string[] = [];
  let toReserve = wanted;

  for (let attempt = 1; ; attempt++) {
    const outcome = await transact(toReserve.flatMap((line) => reserveActions(orderId, line, at)));
    if (outcome.kind === "written") return { ok: true, reserved: toReserve.map((line) => line.productId), alreadyReserved };
    if (outcome.kind === "conflict") {
      await retryAfterConflict(attempt, `reserve for order ${orderId}`);
      continue;
    }
    // Action 2i is line i's counter, 2i+1 its reservation.
    const counterFailed = toReserve.filter((_, i) => outcome.codes[2 * i] === "ConditionalCheckFailed");
    const reservationExists = toReserve.some((_, i) => outcome.codes[2 * i + 1] === "ConditionalCheckFailed");
    if (!reservationExists) return { ok: false, unavailable: counterFailed.map((line) => line.productId) };

    // A retry of an earlier call: what that call reserved stays reserved; released is final.
    const existing = await getReservations(orderId);
    const released = toReserve.filter((line) => existing.get(line.productId)?.state === "released").map((line) => line.productId);
    if (released.length > 0) return { ok: false, unavailable: released };
    alreadyReserved.push(...toReserve.filter((line) => existing.has(line.productId)).map((line) => line.productId));
    toReserve = toReserve.filter((line) => !existing.has(line.productId));
    if (toReserve.length === 0) return { ok: true, reserved: [], alreadyReserved };
    if (attempt >= TRANSACTION_RETRY.maxAttempts) throw new Error(`reservations of order ${orderId} kept changing`);
  }
}

function reserveActions(orderId: string, line: StockLine, at: string): TransactItems {
  const reservation: Reservation = { orderId, productId: line.productId, quantity: line.quantity, state: "reserved", reservedAt: at };
  return [
    {
      Update: {
        TableName: inventoryTable(),
        Key: { productId: line.productId },
        UpdateExpression: "SET onHand = onHand - :q, reserved = reserved + :q",
        ConditionExpression: "attribute_exists(productId) AND onHand >= :q",
        ExpressionAttributeValues: { ":q": line.quantity },
      },
    },
    {
      Put: {
        TableName: reservationsTable(),
        Item: reservation,
        ConditionExpression: "attribute_not_exists(orderId)",
      },
    },
  ];
}

/** Gives the order's reserved units back to stock (saga compensation). Quantities come from the reservations. */
export async function releaseStock(orderId: string, lines: readonly Pick<StockLine, "productId">[], at: string = new Date().toISOString()): Promise<ReleaseResult> {
  const productIds = [...new Set(lines.map((line) => line.productId))];
  const moved = await moveReservations(orderId, productIds, "released", at);
  return { released: moved.moved, unchanged: productIds.filter((id) => !moved.moved.includes(id)) };
}

/** Marks the order's reserved units as shipped once the carrier has them; ships nothing when any product is not reserved. */
export async function shipStock(orderId: string, lines: readonly Pick<StockLine, "productId">[], at: string = new Date().toISOString()): Promise<ShipResult> {
  const productIds = [...new Set(lines.map((line) => line.productId))];
  const moved = await moveReservations(orderId, productIds, "shipped", at, (reservation) => reservation?.state === "shipped" || reservation?.state === "reserved");
  if (moved.refused.length > 0) return { ok: false, notReserved: moved.refused };
  return { ok: true, shipped: moved.moved, alreadyShipped: productIds.filter((id) => !moved.moved.includes(id)) };
}

/**
 * Moves the order's `reserved` reservations of these products to `to`, with their
 * counters, in one transaction. `acceptable` says which reservations may take part:
 * when one is refused, nothing moves.
 */
async function moveReservations(
  orderId: string,
  productIds: readonly string[],
  to: "released" | "shipped",
  at: string,
  acceptable: (reservation: Reservation | undefined) => boolean = () => true,
): Promise<{ moved: string[]; refused: string[] }> {
  for (let attempt = 1; ; attempt++) {
    const reservations = await getReservations(orderId);
    const refused = productIds.filter((id) => !acceptable(reservations.get(id)));
    if (refused.length > 0) return { moved: [], refused };
    const movable = productIds.map((id) => reservations.get(id)).filter((r): r is Reservation => r?.state === "reserved");
    if (movable.length === 0) return { moved: [], refused: [] };

    const outcome = await transact(movable.flatMap((reservation) => moveActions(reservation, to, at)));
    if (outcome.kind === "written") return { moved: movable.map((r) => r.productId), refused: [] };
    // A concurrent release or ship moved one first (or the transaction collided): read again.
    if (outcome.kind === "conflict") await retryAfterConflict(attempt, `${to} for order ${orderId}`);
    else if (attempt >= TRANSACTION_RETRY.maxAttempts) throw new Error(`reservations of order ${orderId} kept changing`);
  }
}

function moveActions(reservation: Reservation, to: "released" | "shipped", at: string): TransactItems {
  const counters = to === "released" ? "SET onHand = onHand + :q, reserved = reserved - :q" : "SET reserved = reserved - :q, shipped = shipped + :q";
  return [
    {
      Update: {
        TableName: reservationsTable(),
        Key: { orderId: reservation.orderId, productId: reservation.productId },
        UpdateExpression: "SET #state = :to, #at = :at, expiresAt = :expiresAt",
        ConditionExpression: "#state = :reserved AND quantity = :q",
        ExpressionAttributeNames: { "#state": "state", "#at": to === "released" ? "releasedAt" : "shippedAt" },
        ExpressionAttributeValues: { ":to": to, ":at": at, ":reserved": "reserved", ":q": reservation.quantity, ":expiresAt": expiresAt(at) },
      },
    },
    {
      Update: {
        TableName: inventoryTable(),
        Key: { productId: reservation.productId },
        UpdateExpression: counters,
        ExpressionAttributeValues: { ":q": reservation.quantity },
      },
    },
  ];
}

function expiresAt(at: string): number {
  return Math.floor(Date.parse(at) / 1000) + FINAL_RESERVATION_RETENTION_DAYS * 86_400;
}

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

type TransactOutcome = { kind: "written" } | { kind: "cancelled"; codes: string[] } | { kind: "conflict" };

async function transact(items: TransactItems): Promise<TransactOutcome> {
  try {
    await documentClient().send(new TransactWriteCommand({ TransactItems: items }));
    return { kind: "written" };
  } catch (error) {
    if (isRetryableTransactionFailure(error)) return { kind: "conflict" };
    if (isTransactionCanceled(error)) return { kind: "cancelled", codes: cancellationCodes(error) };
    throw error;
  }
}

/** Two orders of one best-seller collide in DynamoDB's transaction protocol; the later one backs off and tries again. */
async function retryAfterConflict(attempt: number, what: string): Promise<void> {
  if (attempt >= TRANSACTION_RETRY.maxAttempts) throw new Error(`${what}: transaction conflicts did not clear after ${attempt} attempts`);
  await sleep(transactionBackoffMs(attempt));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
