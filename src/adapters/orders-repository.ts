/**
 * The orders table. One item per order holds its current status, the history of
 * statuses with timestamps, and what the workflow learned on the way (totals, approval,
 * tracking number, compensations).
 *
 * Status writes are conditional on the order being at a status the new one may follow,
 * so two writers can never interleave a transition, and a status the order already has
 * (a replayed durable step) changes nothing.
 *
 * Until an order is decided it carries `watchShard`, the partition key of the sparse
 * WatchedOrders index, which the re-driver reads every minute: `intake-N` while it is
 * `received` (its workflow may never have started), `approval-N` while it is
 * `awaiting-approval` (a person must answer) and `active-N` at every other status on the
 * way (its workflow may end without deciding it). A terminal status removes it (and the
 * first status change removes the payment token, kept only until the workflow has it),
 * so the index holds just the orders in flight. Index writes happen only when the shard
 * changes (a few per order): the sort key is createdAt, which never changes, and an
 * update that leaves an index's keys as they were does not write a KEYS_ONLY index.
 */
import { createHash } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Cents } from "../domain/money";
import type { LineItem, ShippingAddress, ValidatedOrder } from "../domain/order";
import type { Totals } from "../domain/totals";
import { assertTransition, hasReached, isTerminal, previousStatuses, type OrderStatus } from "../domain/status";
import { OrderNotFoundError } from "../domain/errors";
import { documentClient, isConditionalCheckFailed } from "./dynamodb";
import { requiredEnv } from "./env";

export interface StatusHistoryEntry {
  status: OrderStatus;
  /** ISO-8601 timestamp. */
  at: string;
}

export interface ApprovalInfo {
  callbackId: string;
  requestedAt: string;
  thresholdCents: Cents;
  decision?: "approved" | "rejected" | "timed-out";
  reason?: string;
  decidedAt?: string;
}

export interface CompensationEntry {
  /** e.g. "release-inventory", "refund-payment", "void-payment". */
  action: string;
  status: "succeeded" | "failed";
  at: string;
  detail?: string;
}

export interface OrderRecord {
  orderId: string;
  status: OrderStatus;
  statusHistory: StatusHistoryEntry[];
  customerId: string;
  customerEmail: string;
  shippingAddress: ShippingAddress;
  items: LineItem[];
  totals?: Totals;
  approval?: ApprovalInfo;
  failureReason?: string;
  compensations?: CompensationEntry[];
  executionArn?: string;
  /** Only while `received`: the payment token, so that a re-driven start sends the same payload. */
  paymentToken?: string;
  /** Until the order is terminal: the WatchedOrders index partition (intake-N, approval-N or active-N). */
  watchShard?: string;
  trackingNumber?: string;
  invoiceNumber?: string;
  createdAt: string;
  updatedAt: string;
  /** UTC day of createdAt (YYYY-MM-DD): the partition key of the OrdersByCreatedDay index. Absent on orders written before it. */
  createdDay?: string;
}

/** A validated order about to be stored. Its payment token is kept only until the workflow has started. */
export type NewOrder = ValidatedOrder & { orderId: string; createdAt?: string };

/** Fields that only this module changes: identity, status and the append-only lists. */
type ManagedField = "orderId" | "status" | "statusHistory" | "createdAt" | "createdDay" | "updatedAt" | "compensations" | "watchShard" | "paymentToken";
export type OrderPatch = Partial<Omit<OrderRecord, ManagedField>>;

const MANAGED_FIELDS: ReadonlySet<string> = new Set<ManagedField>(["orderId", "status", "statusHistory", "createdAt", "createdDay", "updatedAt", "compensations", "watchShard", "paymentToken"]);

/** The sparse index of orders not yet decided (template.yaml, OrdersTable). */
export const WATCHED_ORDERS_INDEX = "WatchedOrders";
/**
 * Intake writes are spread over this many index partitions so that a burst of orders
 * never funnels into one partition key (each takes about 1,000 writes/s).
 */
export const WATCH_SHARDS = 8;

/** What an order in the WatchedOrders index is waiting for: its workflow to start, a person, or its workflow to decide it. */
export type WatchKind = "intake" | "approval" | "active";

/** Every WatchedOrders partition of one kind, for a reader that goes through them all. */
export function watchShards(kind: WatchKind): string[] {
  return Array.from({ length: WATCH_SHARDS }, (_, shard) => `${kind}-${shard}`);
}

/** The order's WatchedOrders partition, derived from its id so that a retried write lands in the same one. */
export function watchShardOf(orderId: string, kind: WatchKind = "intake"): string {
  return `${kind}-${createHash("sha256").update(orderId).digest()[0]! % WATCH_SHARDS}`;
}
/** Conditional writes that lose a race re-read and try again this many times. */
const MAX_CONDITIONAL_ATTEMPTS = 5;

/** The orders table's index of orders by creation day, newest first within a day (template.yaml). */
export const ORDERS_BY_CREATED_DAY_INDEX = "OrdersByCreatedDay";

/** The index partition an order created at `at` (ISO-8601) belongs to: its UTC day. */
export function createdDayOf(at: string): string {
  return new Date(at).toISOString().slice(0, 10);
}

function tableName(): string {
  return requiredEnv("ORDERS_TABLE");
}

export async function createOrder(order: NewOrder): Promise<"created" | "exists"> {
  const at = order.createdAt ?? new Date().toISOString();
  const record: OrderRecord = {
    orderId: order.orderId,
    status: "received",
    statusHistory: [{ status: "received", at }],
    customerId: order.customerId,
    customerEmail: order.customerEmail,
    shippingAddress: order.shippingAddress,
    items: order.items.map(({ productId, name, quantity, unitPriceCents }) => ({ productId, name, quantity, unitPriceCents })),
    ...(order.paymentToken === undefined ? {} : { paymentToken: order.paymentToken }),
    watchShard: watchShardOf(order.orderId),
    createdAt: at,
    updatedAt: at,
    createdDay: createdDayOf(at),
  };
  try {
    await documentClient().send(
      new PutCommand({ TableName: tableName(), Item: record, ConditionExpression: "attribute_not_exists(orderId)" }),
    );
    return "created";
  } catch (error) {
    if (isConditionalCheckFailed(error)) return "exists";
    throw error;
  }
}

export async function getOrder(orderId: string): Promise<OrderRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { orderId }, ConsistentRead: true }));
  return Item as OrderRecord | undefined;
}

/**
 * Moves the order to `status` and appends it to the history, applying `patch` in the
 * same write. Returns "unchanged" (and writes nothing) when the order already has that
 * status or has moved past it, which is what a replayed workflow step sees.
 * Throws OrderNotFoundError, or IllegalStatusTransitionError for a move the status
 * machine refuses (for example completed → failed).
 *
 * One conditional write and no read on the way forward: the condition is "the order is
 * at a status this one may follow", which, the status machine having no cycles, also
 * means "this status is not recorded yet". Only a refused write reads the order, to say
 * why (a replay, a race with another writer, or an illegal move).
 */
export async function recordStatus(orderId: string, status: OrderStatus, at: string, patch: OrderPatch = {}): Promise<"recorded" | "unchanged"> {
  const update = new UpdateBuilder();
  update.set("status", status);
  update.setRaw("statusHistory", "list_append(statusHistory, :historyEntry)", { ":historyEntry": [{ status, at }] });
  update.set("updatedAt", at);
  update.setPatch(patch);
  // Removing an attribute the item no longer has is a no-op, so no read is needed to know.
  const watch = watchKindAt(status);
  if (watch) update.set("watchShard", watchShardOf(orderId, watch));
  else update.remove("watchShard");
  update.remove("paymentToken");
  const { UpdateExpression, ExpressionAttributeNames, ExpressionAttributeValues } = update.build();
  const previous = previousStatuses(status);
  const previousValues = Object.fromEntries(previous.map((value, i) => [`:previous${i}`, value]));
  const command = previous.length === 0 ? undefined : new UpdateCommand({
    TableName: tableName(),
    Key: { orderId },
    UpdateExpression,
    ConditionExpression: `#currentStatus IN (${Object.keys(previousValues).join(", ")})`,
    ExpressionAttributeNames: { ...ExpressionAttributeNames, "#currentStatus": "status" },
    ExpressionAttributeValues: { ...ExpressionAttributeValues, ...previousValues },
  });
  for (let attempt = 1; ; attempt++) {
    // No status leads to `received` (the API creates orders in it): nothing to write, only to explain.
    if (command) {
      try {
        await documentClient().send(command);
        return "recorded";
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
    const order = await getOrder(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    if (order.statusHistory.some((entry) => entry.status === status) || hasReached(order.status, status)) return "unchanged";
    assertTransition(order.status, status);
    // The order moved to another status this one may follow between our write and our read: write again.
    if (attempt >= MAX_CONDITIONAL_ATTEMPTS) throw new Error(`order ${orderId}: status ${status} lost ${attempt} races with other writers`);
  }
}

/** The WatchedOrders partition kind of an order at `status` (no status leads back to `received`); none once it is decided. */
function watchKindAt(status: OrderStatus): WatchKind | undefined {
  if (isTerminal(status)) return undefined;
  return status === "awaiting-approval" ? "approval" : "active";
}

export interface WatchedEntry {
  orderId: string;
  createdAt: string;
}

/**
 * Orders of one WatchedOrders shard (`intake-N`: still `received`; `approval-N`: still
 * `awaiting-approval`; `active-N`: anywhere else short of terminal) that were created before `createdBefore`, oldest first, a page at
 * a time. The index is eventually consistent: read an order again before acting on it.
 */
export async function listWatchedOrders(
  shard: string,
  createdBefore: string,
  page: { limit: number; startKey?: Record<string, unknown> },
): Promise<{ entries: WatchedEntry[]; nextKey?: Record<string, unknown> }> {
  const { Items, LastEvaluatedKey } = await documentClient().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: WATCHED_ORDERS_INDEX,
      KeyConditionExpression: "watchShard = :shard AND createdAt < :before",
      ExpressionAttributeValues: { ":shard": shard, ":before": createdBefore },
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
  return {
    entries: (Items ?? []).map((item) => ({ orderId: String(item.orderId), createdAt: String(item.createdAt) })),
    ...(LastEvaluatedKey ? { nextKey: LastEvaluatedKey } : {}),
  };
}

/** Sets fields on an existing order (totals, approval, trackingNumber, executionArn, ...). */
export async function patchOrder(orderId: string, patch: OrderPatch): Promise<void> {
  const update = new UpdateBuilder();
  update.setPatch(patch);
  update.set("updatedAt", new Date().toISOString());
  try {
    await documentClient().send(
      new UpdateCommand({ TableName: tableName(), Key: { orderId }, ...update.build(), ConditionExpression: "attribute_exists(orderId)" }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new OrderNotFoundError(orderId, { cause: error });
    throw error;
  }
}

/**
 * Appends a compensation record. A second record with the same action and status (a
 * retried compensation step) is dropped, so the list reads as what happened once.
 */
export async function appendCompensation(orderId: string, entry: CompensationEntry): Promise<"appended" | "duplicate"> {
  for (let attempt = 1; ; attempt++) {
    const order = await getOrder(orderId);
    if (!order) throw new OrderNotFoundError(orderId);
    const existing = order.compensations ?? [];
    if (existing.some((e) => e.action === entry.action && e.status === entry.status)) return "duplicate";
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { orderId },
          UpdateExpression: "SET compensations = list_append(if_not_exists(compensations, :empty), :entry), updatedAt = :now",
          // Guards against a concurrent append slipping in after our read.
          ConditionExpression: existing.length === 0 ? "attribute_not_exists(compensations) OR size(compensations) = :zero" : "size(compensations) = :count",
          ExpressionAttributeValues: {
            ":empty": [],
            ":entry": [entry],
            ":now": entry.at,
            ...(existing.length === 0 ? { ":zero": 0 } : { ":count": existing.length }),
          },
        }),
      );
      return "appended";
    } catch (error) {
      if (!isConditionalCheckFailed(error) || attempt >= MAX_CONDITIONAL_ATTEMPTS) throw error;
    }
  }
}

/** Builds a SET expression from named pieces, with placeholder names for every attribute. */
class UpdateBuilder {
  private readonly clauses: string[] = [];
  private readonly removals: string[] = [];
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};

  set(attribute: string, value: unknown): void {
    const key = `a${this.clauses.length}`;
    this.names[`#${key}`] = attribute;
    this.values[`:${key}`] = value;
    this.clauses.push(`#${key} = :${key}`);
  }

  setRaw(attribute: string, expression: string, values: Record<string, unknown>): void {
    Object.assign(this.values, values);
    this.clauses.push(`${attribute} = ${expression}`);
  }

  remove(...attributes: string[]): void {
    for (const attribute of attributes) {
      const key = `r${this.removals.length}`;
      this.names[`#${key}`] = attribute;
      this.removals.push(`#${key}`);
    }
  }

  setPatch(patch: OrderPatch): void {
    for (const [field, value] of Object.entries(patch)) {
      if (MANAGED_FIELDS.has(field)) throw new TypeError(`${field} cannot be patched; it is managed by the orders repository`);
      if (value !== undefined) this.set(field, value);
    }
  }

  build(): { UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> } {
    if (this.clauses.length === 0) throw new TypeError("nothing to update");
    const remove = this.removals.length > 0 ? ` REMOVE ${this.removals.join(", ")}` : "";
    return { UpdateExpression: `SET ${this.clauses.join(", ")}${remove}`, ExpressionAttributeNames: this.names, ExpressionAttributeValues: this.values };
  }
}
