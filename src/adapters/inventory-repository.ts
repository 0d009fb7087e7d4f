/**
 * Stock in the inventory table, changed only by conditional updates:
 *
 * - reserve: `onHand >= q AND no reservation for this order` → onHand −= q, reserved += q
 * - release: `reservation is reserved` → onHand += q, reserved −= q, reservation released
 * - ship:    `reservation is reserved` → reserved −= q, shipped += q, reservation shipped
 *
 * The reservation itself lives in the product item (`reservations[orderId]`), so the
 * stock change and the record of it are one atomic write: stock can never go negative,
 * and each order reserves, releases or ships a product at most once.
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { documentClient, isConditionalCheckFailed } from "./dynamodb";
import { requiredEnv } from "./env";

export interface StockLine {
  productId: string;
  quantity: number;
}

export type ReservationState = "reserved" | "released" | "shipped";

export interface Reservation {
  quantity: number;
  state: ReservationState;
  at: string;
}

export interface InventoryItem {
  productId: string;
  name: string;
  onHand: number;
  reserved: number;
  shipped: number;
  reservations: Record<string, Reservation>;
}

export interface AvailabilityResult {
  available: boolean;
  /** Products that are unknown or have fewer units on hand than asked for. */
  unavailable: string[];
}

export type ReserveResult =
  | { ok: true; reserved: string[]; alreadyReserved: string[] }
  /** Nothing stays reserved for the order after a failed reserve. */
  | { ok: false; unavailable: string[] };

export interface ReleaseResult {
  released: string[];
  /** Not reserved by this order, already released, or already shipped. */
  unchanged: string[];
}

export type ShipResult = { ok: true; shipped: string[]; alreadyShipped: string[] } | { ok: false; notReserved: string[] };

function tableName(): string {
  return requiredEnv("INVENTORY_TABLE");
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
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { productId }, ConsistentRead: true }));
  return Item as InventoryItem | undefined;
}

/** A read-only look: would a reservation succeed right now? */
export async function checkStock(lines: readonly StockLine[]): Promise<AvailabilityResult> {
  const wanted = consolidate(lines);
  const products = await Promise.all(wanted.map((line) => getProduct(line.productId)));
  const unavailable = wanted.filter((line, i) => (products[i]?.onHand ?? 0) < line.quantity).map((line) => line.productId);
  return { available: unavailable.length === 0, unavailable };
}

/**
 * Reserves every line for the order, or none: when any product is short, whatever this
 * order holds is given back before returning. A repeated call for the same order is a
 * no-op success. A reservation that was released is final (the product is reported
 * unavailable), so a late duplicate request cannot take stock back after compensation.
 */
export async function reserveStock(orderId: string, lines: readonly StockLine[], at: string = new Date().toISOString()): Promise<ReserveResult> {
  const wanted = consolidate(lines);
  const outcomes = await Promise.allSettled(wanted.map((line) => reserveLine(orderId, line, at)));
  const unavailable = wanted.filter((_, i) => {
    const outcome = outcomes[i];
    return outcome?.status === "fulfilled" && outcome.value === "unavailable";
  });
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (unavailable.length === 0 && !failure) {
    const pick = (kind: string) => wanted.filter((_, i) => (outcomes[i] as PromiseFulfilledResult<string>).value === kind).map((l) => l.productId);
    return { ok: true, reserved: pick("reserved"), alreadyReserved: pick("already-reserved") };
  }
  await Promise.all(wanted.map((line) => undoReservation(orderId, line)));
  if (failure) throw failure.reason;
  return { ok: false, unavailable: unavailable.map((line) => line.productId) };
}

async function reserveLine(orderId: string, line: StockLine, at: string): Promise<"reserved" | "already-reserved" | "unavailable"> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { productId: line.productId },
        UpdateExpression: "SET onHand = onHand - :q, reserved = reserved + :q, reservations.#order = :reservation",
        ConditionExpression: "attribute_exists(productId) AND onHand >= :q AND attribute_not_exists(reservations.#order)",
        ExpressionAttributeNames: { "#order": orderId },
        ExpressionAttributeValues: { ":q": line.quantity, ":reservation": { quantity: line.quantity, state: "reserved", at } satisfies Reservation },
      }),
    );
    return "reserved";
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const existing = (await getProduct(line.productId))?.reservations?.[orderId];
  return existing && existing.state !== "released" ? "already-reserved" : "unavailable";
}

/** Takes back a reservation made by a reserve call that did not complete; leaves no trace. */
async function undoReservation(orderId: string, line: StockLine): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { productId: line.productId },
        UpdateExpression: "SET onHand = onHand + :q, reserved = reserved - :q REMOVE reservations.#order",
        ConditionExpression: "reservations.#order.#state = :reserved AND reservations.#order.quantity = :q",
        ExpressionAttributeNames: { "#order": orderId, "#state": "state" },
        ExpressionAttributeValues: { ":q": line.quantity, ":reserved": "reserved" },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/** Gives the order's reserved units back to stock (saga compensation). Quantities come from the reservation. */
export async function releaseStock(orderId: string, lines: readonly Pick<StockLine, "productId">[], at: string = new Date().toISOString()): Promise<ReleaseResult> {
  const productIds = [...new Set(lines.map((line) => line.productId))];
  const outcomes = await Promise.all(
    productIds.map((productId) =>
      moveReservation(orderId, productId, "released", "SET onHand = onHand + :q, reserved = reserved - :q, reservations.#order.#state = :to, reservations.#order.releasedAt = :at", at),
    ),
  );
  return {
    released: productIds.filter((_, i) => outcomes[i] === "moved"),
    unchanged: productIds.filter((_, i) => outcomes[i] !== "moved"),
  };
}

/** Marks the order's reserved units as shipped once the carrier has them. */
export async function shipStock(orderId: string, lines: readonly Pick<StockLine, "productId">[], at: string = new Date().toISOString()): Promise<ShipResult> {
  const productIds = [...new Set(lines.map((line) => line.productId))];
  const outcomes = await Promise.all(
    productIds.map((productId) =>
      moveReservation(orderId, productId, "shipped", "SET reserved = reserved - :q, shipped = shipped + :q, reservations.#order.#state = :to, reservations.#order.shippedAt = :at", at),
    ),
  );
  const notReserved = productIds.filter((_, i) => outcomes[i] === "not-reserved" || outcomes[i] === "released");
  if (notReserved.length > 0) return { ok: false, notReserved };
  return {
    ok: true,
    shipped: productIds.filter((_, i) => outcomes[i] === "moved"),
    alreadyShipped: productIds.filter((_, i) => outcomes[i] === "shipped"),
  };
}

/** Moves a reserved reservation to `to`; otherwise reports where it is. */
async function moveReservation(orderId: string, productId: string, to: "released" | "shipped", updateExpression: string, at: string): Promise<"moved" | "not-reserved" | ReservationState> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const reservation = (await getProduct(productId))?.reservations?.[orderId];
    if (!reservation) return "not-reserved";
    if (reservation.state !== "reserved") return reservation.state;
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { productId },
          UpdateExpression: updateExpression,
          ConditionExpression: "reservations.#order.#state = :reserved AND reservations.#order.quantity = :q",
          ExpressionAttributeNames: { "#order": orderId, "#state": "state" },
          ExpressionAttributeValues: { ":q": reservation.quantity, ":reserved": "reserved", ":to": to, ":at": at },
        }),
      );
      return "moved";
    } catch (error) {
      // A concurrent release or ship got there first; read again and report what it did.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  throw new Error(`reservation of ${productId} for order ${orderId} kept changing`);
}
