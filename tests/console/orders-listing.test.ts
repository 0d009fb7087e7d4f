import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { createOrder, recordStatus, type NewOrder } from "../../src/adapters/orders-repository";
import { OrdersReader, type OrdersQuery, type OrderSummary } from "../../src/console/data/orders";
import { ConsoleInputError } from "../../src/console/errors";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();
const DAY = 86_400_000;
// The walk back ends at the table's creation day, so the orders here are dated after it (today).
const BASE = Date.parse(new Date().toISOString().slice(0, 10)) + 2 * DAY;
const NOW = BASE + 12 * DAY;

function newOrder(orderId: string, createdAt: number): NewOrder {
  return {
    orderId,
    customerId: "cust-list",
    customerEmail: "list@example.com",
    shippingAddress: { state: "CA", zip: "94105" },
    items: [{ productId: "BOOK-001", name: "Book", quantity: 2, unitPriceCents: 1250 }],
    paymentToken: "tok_visa",
    createdAt: new Date(createdAt).toISOString(),
  };
}

/** 30 orders on days 0, 1, 4 and 9 after BASE (days between are empty); every fifth one failed. */
const created: Array<{ orderId: string; createdAt: string; failed: boolean }> = [];

beforeAll(async () => {
  const days = [0, 1, 4, 9];
  for (let index = 0; index < 30; index++) {
    const at = BASE + days[index % days.length]! * DAY + index * 60_000;
    const orderId = `ord_list_${String(index).padStart(2, "0")}`;
    await createOrder(newOrder(orderId, at));
    const failed = index % 5 === 0;
    if (failed) await recordStatus(orderId, "failed", new Date(at + 1000).toISOString(), { failureReason: "test" });
    created.push({ orderId, createdAt: new Date(at).toISOString(), failed });
  }
  // Written before orders carried createdDay: in no index partition.
  await local.doc.send(new PutCommand({ TableName: "OrdersTable", Item: { orderId: "ord_legacy", status: "completed", customerId: "old", items: [], createdAt: new Date(BASE).toISOString(), updatedAt: new Date(BASE).toISOString(), statusHistory: [] } }));
});

function reader(table = "OrdersTable"): OrdersReader {
  return new OrdersReader(local.doc, table);
}

/** Follows the cursors to the end, returning every page. */
async function allPages(query: OrdersQuery, orders = reader()): Promise<OrderSummary[][]> {
  const pages: OrderSummary[][] = [];
  let cursor: string | undefined;
  do {
    const page = await orders.list({ ...query, ...(cursor ? { cursor } : {}), now: NOW });
    pages.push(page.orders);
    cursor = page.nextCursor;
    if (pages.length > 50) throw new Error("the listing does not end");
  } while (cursor);
  return pages;
}

const newestFirst = (rows: Array<{ orderId: string; createdAt: string }>) => [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((row) => row.orderId);

describe("the orders listing", () => {
  it("pages through every order newest first, across days with gaps, each order exactly once", async () => {
    const pages = await allPages({ limit: 7 });

    expect(pages.flat().map((order) => order.orderId)).toEqual(newestFirst(created));
    expect(pages.every((page) => page.length <= 7)).toBe(true);
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
  });

  it("filters by status across pages, still newest first", async () => {
    const pages = await allPages({ limit: 2, status: "failed" });

    expect(pages.flat().map((order) => order.orderId)).toEqual(newestFirst(created.filter((order) => order.failed)));
    expect(pages.flat().every((order) => order.status === "failed")).toBe(true);
  });

  it("summarises each order without reading personal data", async () => {
    const [first] = (await reader().list({ limit: 1, now: NOW })).orders;

    expect(first).toEqual({
      orderId: newestFirst(created)[0],
      status: "received",
      customerId: "cust-list",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      subtotalCents: 2500,
      itemCount: 2,
    });
    expect(JSON.stringify(await reader().get(first!.orderId))).not.toMatch(/list@example.com|94105/);
  });

  it("bounds the work of one request: a long empty stretch hands back a cursor to search further", async () => {
    const farFuture = NOW + 100 * DAY;
    const first = await reader().list({ limit: 5, now: farFuture });

    expect(first.orders).toEqual([]);
    expect(first.nextCursor).toBeDefined();
    expect(first.searchedBackTo! > new Date(NOW).toISOString().slice(0, 10)).toBe(true);
    let cursor = first.nextCursor;
    let found: OrderSummary[] = [];
    for (let requests = 0; cursor && found.length === 0 && requests < 10; requests++) {
      const page = await reader().list({ limit: 5, cursor, now: farFuture });
      found = page.orders;
      cursor = page.nextCursor;
    }
    expect(found.map((order) => order.orderId)).toEqual(newestFirst(created).slice(0, 5));
  });

  it("refuses a cursor it did not hand out, naming the field", async () => {
    for (const cursor of ["not-base64-json", Buffer.from('{"source":"index","day":"yesterday","emptyDays":0}').toString("base64url")]) {
      const listing = reader().list({ cursor });
      await expect(listing).rejects.toThrow(ConsoleInputError);
      await expect(listing).rejects.toMatchObject({ field: "cursor" });
    }
  });

  it("lists by table scan on request, which includes orders written before they carried createdDay", async () => {
    const pages = await allPages({ limit: 8, source: "scan" });
    const ids = pages.flat().map((order) => order.orderId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set([...created.map((order) => order.orderId), "ord_legacy"]));
    expect((await reader().list({ limit: 100, now: NOW })).orders.map((order) => order.orderId)).not.toContain("ord_legacy");
  });

  it("falls back to a scan, and says so, on a table created before the index existed", async () => {
    await local.dynamo.client.send(
      new CreateTableCommand({ TableName: "OldOrdersTable", BillingMode: "PAY_PER_REQUEST", AttributeDefinitions: [{ AttributeName: "orderId", AttributeType: "S" }], KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }] }),
    );
    await local.doc.send(new PutCommand({ TableName: "OldOrdersTable", Item: { orderId: "ord_old", status: "completed", customerId: "c", items: [], createdAt: "2026-01-01T00:00:00.000Z" } }));

    const page = await reader("OldOrdersTable").list({ now: NOW });

    expect(page).toMatchObject({ source: "scan", indexMissing: true });
    expect(page.orders.map((order) => order.orderId)).toEqual(["ord_old"]);
  });
});
