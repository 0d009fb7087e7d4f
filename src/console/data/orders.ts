/**
 * The orders table as the console reads it.
 *
 * The list walks the OrdersByCreatedDay index (KEYS_ONLY: one partition per UTC day,
 * newest first inside it) one day at a time, backwards, and fetches each page's items
 * with BatchGetItem. A page request does a bounded number of queries and reads, then
 * hands back a cursor, so thousands of orders are never read at once. A table created
 * before the index existed is listed by Scan instead (unsorted), and so can any table
 * on request, which also shows orders written before they carried `createdDay`.
 *
 * The customer's email and address are never read: the console has no use for them.
 */
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createdDayOf, ORDERS_BY_CREATED_DAY_INDEX, type OrderRecord } from "../../adapters/orders-repository";
import { subtotalCents } from "../../domain/totals";
import type { OrderStatus } from "../../domain/status";
import { decodeCursor, encodeCursor, type IndexCursor, type OrdersCursor, type ScanCursor } from "./orders-cursor";

/** An order without the personal data the console never reads. */
export type ConsoleOrder = Omit<OrderRecord, "customerEmail" | "shippingAddress">;

export interface OrderSummary {
  orderId: string;
  status: OrderStatus;
  customerId: string;
  createdAt: string;
  updatedAt: string;
  /** Known once the order is prepared (tax and shipping quoted). */
  totalCents?: number;
  subtotalCents: number;
  itemCount: number;
}

export type ListingSource = "index" | "scan";

export interface OrdersQuery {
  status?: OrderStatus;
  cursor?: string;
  /** Default 25. */
  limit?: number;
  /** Default "index" (newest first); "scan" reads the table in its own order. */
  source?: ListingSource;
  now?: number;
}

export interface OrdersPage {
  orders: OrderSummary[];
  /** Present when there may be more: pass it back as `cursor`. */
  nextCursor?: string;
  source: ListingSource;
  /** The oldest day the index walk has reached (index listing). */
  searchedBackTo?: string;
  /** The table has no OrdersByCreatedDay index, so this page comes from a scan. */
  indexMissing: boolean;
}

export const LISTING_LIMITS = {
  defaultPageSize: 25,
  maxPageSize: 100,
  /** Queries (index) or scan pages per request; the cursor carries on from there. */
  maxQueriesPerPage: 40,
  /** Orders read per request while filtering by status. */
  maxExaminedPerPage: 1000,
  /**
   * This many days in a row without an order end the walk, when the table's creation day
   * (before which no order can have been created) cannot be read.
   */
  maxEmptyDays: 366,
} as const;

const SUMMARY_FIELDS = ["orderId", "status", "customerId", "createdAt", "updatedAt", "totals", "items"] as const;
const ORDER_FIELDS = [
  "orderId", "status", "statusHistory", "customerId", "items", "totals", "approval", "failureReason",
  "compensations", "executionArn", "trackingNumber", "invoiceNumber", "createdAt", "updatedAt", "createdDay",
] as const;
const DAY_MS = 86_400_000;

export class OrdersReader {
  private creationDay: Promise<string | undefined> | undefined;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * The day the table was created: the walk back ends there. (A table restored from a
   * backup holds older orders; the scan listing shows them.)
   */
  private firstDay(): Promise<string | undefined> {
    this.creationDay ??= this.doc
      .send(new DescribeTableCommand({ TableName: this.table }))
      .then(({ Table }) => (Table?.CreationDateTime ? createdDayOf(Table.CreationDateTime.toISOString()) : undefined))
      .catch(() => {
        this.creationDay = undefined;
        return undefined;
      });
    return this.creationDay;
  }

  /** One order, or undefined. */
  async get(orderId: string): Promise<ConsoleOrder | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.table, Key: { orderId }, ConsistentRead: true, ...projection(ORDER_FIELDS) }));
    return Item as ConsoleOrder | undefined;
  }

  /** Which of these order ids exist. */
  async existing(orderIds: readonly string[]): Promise<Set<string>> {
    const items = await this.batchGet([...new Set(orderIds)].map((orderId) => ({ orderId })), ["orderId"]);
    return new Set(items.map((item) => String(item.orderId)));
  }

  async list(query: OrdersQuery = {}): Promise<OrdersPage> {
    const limit = Math.min(Math.max(1, query.limit ?? LISTING_LIMITS.defaultPageSize), LISTING_LIMITS.maxPageSize);
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const source = cursor?.source ?? query.source ?? "index";
    if (source === "scan") return this.scanPage(query.status, limit, cursor as ScanCursor | undefined, false);
    try {
      return await this.indexPage(query.status, limit, cursor as IndexCursor | undefined, query.now ?? Date.now());
    } catch (error) {
      if (!isMissingIndex(error)) throw error;
      return this.scanPage(query.status, limit, undefined, true);
    }
  }

  private async indexPage(status: OrderStatus | undefined, limit: number, cursor: IndexCursor | undefined, now: number): Promise<OrdersPage> {
    // Start a day ahead of the console's clock, so an order stamped by a clock running ahead is not missed.
    let day = cursor?.day ?? createdDayOf(new Date(now + DAY_MS).toISOString());
    let startKey = cursor?.after;
    let emptyDays = cursor?.emptyDays ?? 0;
    let dayHasOrders = startKey !== undefined;
    let queries = 0;
    let examined = 0;
    const firstDay = await this.firstDay();
    const found: OrderSummary[] = [];
    const page = (next: OrdersCursor | undefined): OrdersPage => ({
      orders: found,
      source: "index",
      searchedBackTo: day,
      indexMissing: false,
      ...(next ? { nextCursor: encodeCursor(next) } : {}),
    });

    for (;;) {
      if (emptyDays >= LISTING_LIMITS.maxEmptyDays || (firstDay !== undefined && day < firstDay)) return page(undefined);
      if (queries >= LISTING_LIMITS.maxQueriesPerPage || examined >= LISTING_LIMITS.maxExaminedPerPage) {
        return page({ source: "index", day, emptyDays, ...(startKey ? { after: startKey } : {}) });
      }
      const result = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: ORDERS_BY_CREATED_DAY_INDEX,
          KeyConditionExpression: "createdDay = :day",
          ExpressionAttributeValues: { ":day": day },
          ScanIndexForward: false,
          Limit: status ? 100 : limit - found.length,
          ...(startKey ? { ExclusiveStartKey: { createdDay: day, ...startKey } } : {}),
        }),
      );
      queries++;
      const keys = (result.Items ?? []).map((item) => ({ orderId: String(item.orderId) }));
      if (keys.length > 0) dayHasOrders = true;
      examined += keys.length;
      for (const order of await this.batchGet(keys, SUMMARY_FIELDS)) {
        if (status && order.status !== status) continue;
        found.push(summarize(order));
        if (found.length === limit) return page({ source: "index", day, emptyDays: 0, after: { createdAt: String(order.createdAt), orderId: String(order.orderId) } });
      }
      const last = result.LastEvaluatedKey;
      if (last) {
        startKey = { createdAt: String(last.createdAt), orderId: String(last.orderId) };
        continue;
      }
      emptyDays = dayHasOrders ? 0 : emptyDays + 1;
      day = previousDay(day);
      startKey = undefined;
      dayHasOrders = false;
    }
  }

  private async scanPage(status: OrderStatus | undefined, limit: number, cursor: ScanCursor | undefined, indexMissing: boolean): Promise<OrdersPage> {
    let startKey = cursor?.after;
    let pages = 0;
    let examined = 0;
    const found: OrderSummary[] = [];
    const page = (next: ScanCursor | undefined): OrdersPage => ({
      // A scan has no order of its own; newest first within the page at least.
      orders: found.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
      source: "scan",
      indexMissing,
      ...(next ? { nextCursor: encodeCursor(next) } : {}),
    });
    for (;;) {
      if (pages >= LISTING_LIMITS.maxQueriesPerPage || examined >= LISTING_LIMITS.maxExaminedPerPage) return page({ source: "scan", ...(startKey ? { after: startKey } : {}) });
      const result = await this.doc.send(
        new ScanCommand({
          TableName: this.table,
          Limit: status ? 100 : limit - found.length,
          ...projection(SUMMARY_FIELDS),
          ...(startKey ? { ExclusiveStartKey: { orderId: startKey.orderId } } : {}),
        }),
      );
      pages++;
      const items = result.Items ?? [];
      examined += items.length;
      for (const order of items) {
        if (status && order.status !== status) continue;
        found.push(summarize(order));
        if (found.length === limit) return page({ source: "scan", after: { orderId: String(order.orderId) } });
      }
      if (!result.LastEvaluatedKey) return page(undefined);
      startKey = { orderId: String(result.LastEvaluatedKey.orderId) };
    }
  }

  /** BatchGetItem in chunks of 100, retrying unprocessed keys; items come back in the keys' order. */
  private async batchGet(keys: ReadonlyArray<{ orderId: string }>, fields: readonly string[]): Promise<Array<Record<string, unknown>>> {
    const byId = new Map<string, Record<string, unknown>>();
    for (let start = 0; start < keys.length; start += 100) {
      let pending: Array<Record<string, unknown>> = keys.slice(start, start + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        if (attempt > 5) throw new Error(`BatchGetItem left ${pending.length} keys of ${this.table} unprocessed after ${attempt} attempts`);
        const result = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ...projection(fields) } } }));
        for (const item of result.Responses?.[this.table] ?? []) byId.set(String(item.orderId), item);
        pending = result.UnprocessedKeys?.[this.table]?.Keys ?? [];
      }
    }
    return keys.flatMap((key) => {
      const item = byId.get(key.orderId);
      return item ? [item] : [];
    });
  }
}

function summarize(item: Record<string, unknown>): OrderSummary {
  const order = item as Partial<OrderRecord>;
  const items = Array.isArray(order.items) ? order.items : [];
  return {
    orderId: String(order.orderId),
    status: order.status as OrderStatus,
    customerId: order.customerId ?? "",
    createdAt: order.createdAt ?? "",
    updatedAt: order.updatedAt ?? order.createdAt ?? "",
    ...(typeof order.totals?.totalCents === "number" ? { totalCents: order.totals.totalCents } : {}),
    subtotalCents: subtotalCents(items.filter((line) => Number.isInteger(line?.unitPriceCents) && Number.isInteger(line?.quantity))),
    itemCount: items.reduce((count, line) => count + (Number.isInteger(line?.quantity) ? line.quantity : 0), 0),
  };
}

/** A ProjectionExpression naming every field through a placeholder (several are reserved words). */
function projection(fields: readonly string[]): { ProjectionExpression: string; ExpressionAttributeNames: Record<string, string> } {
  return {
    ProjectionExpression: fields.map((_, index) => `#f${index}`).join(", "),
    ExpressionAttributeNames: Object.fromEntries(fields.map((field, index) => [`#f${index}`, field])),
  };
}

function previousDay(day: string): string {
  return createdDayOf(new Date(Date.parse(`${day}T00:00:00.000Z`) - DAY_MS).toISOString());
}

function isMissingIndex(error: unknown): boolean {
  return error instanceof Error && error.name === "ValidationException" && /specified index/i.test(error.message);
}
