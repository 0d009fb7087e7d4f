/**
 * The consumed-capacity meter of the local DynamoDB, checked against DynamoDB's documented
 * on-demand rules: reads per 4 KB (eventually consistent half), writes per 1 KB (the larger
 * of the item before and after), failed conditional writes charged, transactions double.
 */
import { GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactGetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { CONSUMED_CAPACITY_PATH, dynamoItemSize, type CapacitySnapshot, type WireItem } from "../../src/local/dynamodb";
import { RESERVATIONS_TABLE, STOCK_TABLE, withTransactionTables } from "./support/transaction-tables";

const local = withTransactionTables();

// dynalite's own size function, to compare with where both must agree (ASCII text).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynaliteItemSize = (require("dynalite/db") as { itemSize(item: WireItem): number }).itemSize;

/** A stock item of exactly `bytes` bytes: "productId" (9) + id + "blob" (4) + the blob. */
function stockItemOfSize(productId: string, bytes: number): { productId: string; blob: string } {
  const item = { productId, blob: "b".repeat(bytes - 9 - productId.length - 4) };
  expect(dynamoItemSize({ productId: { S: item.productId }, blob: { S: item.blob } })).toBe(bytes);
  return item;
}

beforeEach(() => local.dynamo.capacity.reset());

describe("dynamoItemSize", () => {
  test("counts names and strings in UTF-8 bytes, numbers by digit pairs, containers with their overhead", () => {
    expect(dynamoItemSize({ id: { S: "abc" } })).toBe(2 + 3);
    expect(dynamoItemSize({ "é": { S: "€" } })).toBe(2 + 3);
    expect(dynamoItemSize({ n: { N: "7" } })).toBe(1 + 2);
    expect(dynamoItemSize({ n: { N: "12345" } })).toBe(1 + 4);
    expect(dynamoItemSize({ n: { N: "-1.5" } })).toBe(1 + 4);
    expect(dynamoItemSize({ n: { N: "0" } })).toBe(1 + 1);
    expect(dynamoItemSize({ b: { B: Buffer.from("four").toString("base64") } })).toBe(1 + 4);
    expect(dynamoItemSize({ f: { BOOL: true }, z: { NULL: true } })).toBe(2 + 2);
    expect(dynamoItemSize({ l: { L: [{ S: "ab" }, { N: "1" }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(dynamoItemSize({ m: { M: { k: { S: "v" } } } })).toBe(1 + 3 + (1 + 1 + 1));
    expect(dynamoItemSize({ s: { SS: ["a", "bc"] } })).toBe(1 + 3);
  });

  test("agrees with dynalite on items of ASCII text and any numbers", () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789 "), maxLength: 20 });
    const decimal = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([n, scale]) => (n / 10 ** scale).toString());
    const value: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ value: Record<string, unknown> }>((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        ascii.map((S) => ({ S })),
        decimal.map((N) => ({ N })),
        fc.boolean().map((BOOL) => ({ BOOL })),
        fc.array(tie("value"), { maxLength: 3 }).map((L) => ({ L })),
        fc.dictionary(ascii.filter((k) => k.length > 0), tie("value"), { maxKeys: 3 }).map((M) => ({ M })),
      ),
    })).value;
    fc.assert(fc.property(fc.dictionary(ascii.filter((k) => k.length > 0), value, { minKeys: 1, maxKeys: 5 }), (item) => {
      expect(dynamoItemSize(item as WireItem)).toBe(dynaliteItemSize(item as WireItem));
    }));
  });
});

describe("the consumed-capacity meter", () => {
  test("writes: 1 WCU per started KB of the larger of the item before and after", async () => {
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-w1", 1024) }));
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-w2", 1025) }));
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-w2", 100) }));

    const { tables, operations, total } = local.dynamo.capacity.snapshot();
    expect(operations.PutItem).toEqual({ requests: 3, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 1 + 2 + 2 });
    expect(tables[STOCK_TABLE]).toMatchObject({ requests: 3, writeCapacityUnits: 5, largestItemBytes: 1025 });
    expect(total).toEqual({ requests: 3, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 5 });
  });

  test("reads: 1 RCU per started 4 KB, half for eventually consistent reads, at least one unit", async () => {
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-r1", 5000) }));
    local.dynamo.capacity.reset();

    await local.doc.send(new GetCommand({ TableName: STOCK_TABLE, Key: { productId: "p-r1" } }));
    await local.doc.send(new GetCommand({ TableName: STOCK_TABLE, Key: { productId: "p-r1" }, ConsistentRead: true }));
    await local.doc.send(new GetCommand({ TableName: STOCK_TABLE, Key: { productId: "p-missing" } }));

    expect(local.dynamo.capacity.snapshot().operations.GetItem).toEqual({ requests: 3, errors: 0, readCapacityUnits: 1 + 2 + 0.5, writeCapacityUnits: 0 });
  });

  test("a query is charged on the sum of the items it reads", async () => {
    await local.doc.send(new BatchWriteCommand({
      RequestItems: { [RESERVATIONS_TABLE]: ["o-q1", "o-q2", "o-q3"].map((orderId) => ({ PutRequest: { Item: { orderId, productId: "p-q", note: "n".repeat(2000) } } })) },
    }));
    const written = local.dynamo.capacity.snapshot();
    expect(written.operations.BatchWriteItem).toEqual({ requests: 1, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 3 * 2 });

    local.dynamo.capacity.reset();
    await local.doc.send(new QueryCommand({ TableName: RESERVATIONS_TABLE, KeyConditionExpression: "orderId = :o", ExpressionAttributeValues: { ":o": "o-q1" }, ConsistentRead: true }));
    expect(local.dynamo.capacity.snapshot().tables[RESERVATIONS_TABLE]?.operations.Query).toEqual({ requests: 1, errors: 0, readCapacityUnits: 1, writeCapacityUnits: 0 });
  });

  test("a failed conditional write is charged by the size of the item that stands, and counted as an error", async () => {
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-cond", 3000) }));
    local.dynamo.capacity.reset();

    await expect(local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId: "p-cond" }, ConditionExpression: "attribute_not_exists(productId)" })))
      .rejects.toMatchObject({ name: "ConditionalCheckFailedException" });
    await expect(local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId: "p-none" }, ConditionExpression: "attribute_exists(productId)" })))
      .rejects.toMatchObject({ name: "ConditionalCheckFailedException" });

    expect(local.dynamo.capacity.snapshot().operations.PutItem).toEqual({ requests: 2, errors: 2, readCapacityUnits: 0, writeCapacityUnits: 3 + 1 });
  });

  test("transactions cost double, per item, in the reply (when asked) and in the meter", async () => {
    const big = stockItemOfSize("p-t1", 1500);
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId: "p-t0" } }));
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: stockItemOfSize("p-t2", 5000) }));
    local.dynamo.capacity.reset();

    const reply = await local.doc.send(new TransactWriteCommand({
      ReturnConsumedCapacity: "INDEXES",
      TransactItems: [
        { Put: { TableName: STOCK_TABLE, Item: big } },
        { Put: { TableName: RESERVATIONS_TABLE, Item: { orderId: "o-t1", productId: "p-t1" } } },
        { ConditionCheck: { TableName: STOCK_TABLE, Key: { productId: "p-t0" }, ConditionExpression: "attribute_exists(productId)" } },
      ],
    }));
    const read = await local.doc.send(new TransactGetCommand({
      ReturnConsumedCapacity: "TOTAL",
      TransactItems: [{ Get: { TableName: STOCK_TABLE, Key: { productId: "p-t2" } } }],
    }));

    expect(reply.ConsumedCapacity).toEqual([
      { TableName: STOCK_TABLE, CapacityUnits: 2 * 2 + 2 * 1, WriteCapacityUnits: 6, Table: { CapacityUnits: 6, WriteCapacityUnits: 6 } },
      { TableName: RESERVATIONS_TABLE, CapacityUnits: 2, WriteCapacityUnits: 2, Table: { CapacityUnits: 2, WriteCapacityUnits: 2 } },
    ]);
    // A transactional read is strongly consistent, doubled: the 5000-byte item is 2 x 2 RCU.
    expect(read.ConsumedCapacity).toEqual([{ TableName: STOCK_TABLE, CapacityUnits: 4, ReadCapacityUnits: 4 }]);
    const { operations, tables } = local.dynamo.capacity.snapshot();
    expect(operations.TransactWriteItems).toEqual({ requests: 1, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 8 });
    expect(operations.TransactGetItems).toEqual({ requests: 1, errors: 0, readCapacityUnits: 4, writeCapacityUnits: 0 });
    expect(tables[STOCK_TABLE]).toMatchObject({ requests: 2, readCapacityUnits: 4, writeCapacityUnits: 6, largestItemBytes: 1500 });
    expect(tables[RESERVATIONS_TABLE]).toMatchObject({ requests: 1, writeCapacityUnits: 2 });
  });

  test("the reply carries ConsumedCapacity only when the caller asked for it", async () => {
    const quiet = await local.client.send(new GetItemCommand({ TableName: STOCK_TABLE, Key: { productId: { S: "p-w1" } } }));
    const asked = await local.client.send(new PutItemCommand({ TableName: STOCK_TABLE, Item: { productId: { S: "p-asked" } }, ReturnConsumedCapacity: "TOTAL" }));
    const transaction = await local.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: STOCK_TABLE, Item: { productId: "p-quiet" } } }] }));

    expect(quiet.ConsumedCapacity).toBeUndefined();
    expect(asked.ConsumedCapacity).toEqual({ TableName: STOCK_TABLE, CapacityUnits: 1 });
    expect(transaction.ConsumedCapacity).toBeUndefined();
    expect(local.dynamo.capacity.snapshot().total).toEqual({ requests: 3, errors: 0, readCapacityUnits: 0.5, writeCapacityUnits: 1 + 2 });
  });

  test("is served over HTTP on the DynamoDB port: GET reads it, DELETE resets it, other paths are unchanged", async () => {
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId: "p-http" } }));

    const read = await fetch(`${local.dynamo.endpoint}${CONSUMED_CAPACITY_PATH}`);
    const snapshot = (await read.json()) as CapacitySnapshot;
    const reset = await fetch(`${local.dynamo.endpoint}${CONSUMED_CAPACITY_PATH}`, { method: "DELETE" });
    const afterReset = (await (await fetch(`${local.dynamo.endpoint}${CONSUMED_CAPACITY_PATH}`)).json()) as CapacitySnapshot;
    const health = await fetch(`${local.dynamo.endpoint}/`);

    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("application/json");
    expect(snapshot.tables[STOCK_TABLE]?.operations.PutItem).toEqual({ requests: 1, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 1 });
    expect(reset.status).toBe(204);
    expect(afterReset.total).toEqual({ requests: 0, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 0 });
    expect(Date.parse(afterReset.since)).toBeGreaterThanOrEqual(Date.parse(snapshot.since));
    expect(await health.text()).toBe("healthy: dynamodb.us-east-1.amazonaws.com ");
  });
});
