/**
 * TransactWriteItems and TransactGetItems on the local DynamoDB, driven by the real AWS SDK
 * v3 clients over the wire, checked against DynamoDB's documented semantics.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { TransactionCanceledException, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand, TransactGetCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { BY_PRODUCT_INDEX, reservation, RESERVATIONS_TABLE, STOCK_TABLE, withTransactionTables, type TransactItems } from "./support/transaction-tables";

const local = withTransactionTables();
const run = promisify(execFile);

async function stock(productId: string, onHand: number): Promise<void> {
  await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId, onHand, reserved: 0 } }));
}

async function readStock(productId: string): Promise<Record<string, unknown> | undefined> {
  return (await local.doc.send(new GetCommand({ TableName: STOCK_TABLE, Key: { productId }, ConsistentRead: true }))).Item;
}

async function readReservation(orderId: string, productId: string): Promise<Record<string, unknown> | undefined> {
  return (await local.doc.send(new GetCommand({ TableName: RESERVATIONS_TABLE, Key: { orderId, productId }, ConsistentRead: true }))).Item;
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the request to fail, and it succeeded");
}

describe("TransactWriteItems", () => {
  test("applies every action of a transaction that passes its conditions", async () => {
    await stock("p-commit", 10);

    await local.doc.send(new TransactWriteCommand({ TransactItems: reservation("o-commit", "p-commit", 3) }));

    expect(await readStock("p-commit")).toEqual({ productId: "p-commit", onHand: 7, reserved: 3 });
    expect(await readReservation("o-commit", "p-commit")).toEqual({ orderId: "o-commit", productId: "p-commit", quantity: 3 });
  });

  test("a failed condition cancels the whole transaction with one reason per action, in order, and writes nothing", async () => {
    await stock("p-short", 2);

    const error = await rejection(local.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: RESERVATIONS_TABLE, Item: { orderId: "o-short", productId: "p-short", quantity: 5 } } },
        ...reservation("o-short", "p-short", 5).slice(0, 1),
      ],
    })));

    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe("Transaction cancelled, please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]");
    expect(error.CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
    expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(400);
    expect(await readStock("p-short")).toEqual({ productId: "p-short", onHand: 2, reserved: 0 });
    expect(await readReservation("o-short", "p-short")).toBeUndefined();
  });

  test("every failed condition is reported, and ALL_OLD returns the item that failed it", async () => {
    await stock("p-two", 1);
    await local.doc.send(new PutCommand({ TableName: RESERVATIONS_TABLE, Item: { orderId: "o-two", productId: "p-two", quantity: 1 } }));

    const error = await rejection(local.client.send(new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: RESERVATIONS_TABLE,
            Item: { orderId: { S: "o-two" }, productId: { S: "p-two" }, quantity: { N: "9" } },
            ConditionExpression: "attribute_not_exists(orderId)",
            ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          },
        },
        {
          ConditionCheck: {
            TableName: STOCK_TABLE,
            Key: { productId: { S: "p-two" } },
            ConditionExpression: "onHand >= :q",
            ExpressionAttributeValues: { ":q": { N: "9" } },
          },
        },
      ],
    })));

    expect(error.CancellationReasons).toEqual([
      {
        Code: "ConditionalCheckFailed",
        Message: "The conditional request failed",
        Item: { orderId: { S: "o-two" }, productId: { S: "p-two" }, quantity: { N: "1" } },
      },
      { Code: "ConditionalCheckFailed", Message: "The conditional request failed" },
    ]);
    expect(await readReservation("o-two", "p-two")).toEqual({ orderId: "o-two", productId: "p-two", quantity: 1 });
  });

  test("conditions on an item that does not exist see no attributes", async () => {
    const error = await rejection(local.doc.send(new TransactWriteCommand({ TransactItems: reservation("o-ghost", "p-ghost", 1) })));
    expect(error.CancellationReasons).toEqual([{ Code: "ConditionalCheckFailed", Message: "The conditional request failed" }, { Code: "None" }]);

    await local.doc.send(new TransactWriteCommand({
      TransactItems: [{ Put: { TableName: STOCK_TABLE, Item: { productId: "p-ghost", onHand: 1 }, ConditionExpression: "attribute_not_exists(productId)" } }],
    }));
    expect(await readStock("p-ghost")).toEqual({ productId: "p-ghost", onHand: 1 });
  });

  test("Update applies SET, ADD, REMOVE, arithmetic and if_not_exists; Delete removes; ConditionCheck writes nothing", async () => {
    await stock("p-update", 5);
    await local.doc.send(new PutCommand({ TableName: RESERVATIONS_TABLE, Item: { orderId: "o-old", productId: "p-update", quantity: 2 } }));

    await local.doc.send(new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: STOCK_TABLE,
            Key: { productId: "p-update" },
            UpdateExpression: "SET onHand = onHand + :two, #v = if_not_exists(#v, :zero) + :one, tags = :tags ADD reserved :minus REMOVE gone",
            ExpressionAttributeNames: { "#v": "version" },
            ExpressionAttributeValues: { ":two": 2, ":one": 1, ":zero": 0, ":minus": -2, ":tags": ["a"] },
          },
        },
        { Update: { TableName: STOCK_TABLE, Key: { productId: "p-new" }, UpdateExpression: "ADD onHand :n", ExpressionAttributeValues: { ":n": 4 } } },
        { Delete: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-old", productId: "p-update" }, ConditionExpression: "quantity = :q", ExpressionAttributeValues: { ":q": 2 } } },
        { ConditionCheck: { TableName: STOCK_TABLE, Key: { productId: "p-commit" }, ConditionExpression: "attribute_exists(productId)" } },
      ],
    }));

    expect(await readStock("p-update")).toEqual({ productId: "p-update", onHand: 7, reserved: -2, version: 1, tags: ["a"] });
    expect(await readStock("p-new")).toEqual({ productId: "p-new", onHand: 4 });
    expect(await readReservation("o-old", "p-update")).toBeUndefined();
    expect(await readStock("p-commit")).toEqual({ productId: "p-commit", onHand: 7, reserved: 3 });
  });

  test("an update the item's data makes invalid cancels the transaction with a ValidationError reason", async () => {
    await local.doc.send(new PutCommand({ TableName: STOCK_TABLE, Item: { productId: "p-text", onHand: "many" } }));

    const error = await rejection(local.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: RESERVATIONS_TABLE, Item: { orderId: "o-text", productId: "p-text", quantity: 1 } } },
        { Update: { TableName: STOCK_TABLE, Key: { productId: "p-text" }, UpdateExpression: "SET onHand = onHand - :q", ExpressionAttributeValues: { ":q": 1 } } },
      ],
    })));

    expect(error.CancellationReasons).toEqual([
      { Code: "None" },
      { Code: "ValidationError", Message: "An operand in the update expression has an incorrect data type" },
    ]);
    expect(await readReservation("o-text", "p-text")).toBeUndefined();
  });

  test("keeps the global secondary index in step with the items a transaction puts, changes and deletes", async () => {
    const byProduct = async (productId: string) =>
      (await local.doc.send(new QueryCommand({
        TableName: RESERVATIONS_TABLE,
        IndexName: BY_PRODUCT_INDEX,
        KeyConditionExpression: "productId = :p",
        ExpressionAttributeValues: { ":p": productId },
      }))).Items;
    await local.doc.send(new TransactWriteCommand({
      TransactItems: ["o-g1", "o-g2", "o-g3"].map((orderId) => ({ Put: { TableName: RESERVATIONS_TABLE, Item: { orderId, productId: "p-gsi", quantity: 1 } } })),
    }));
    expect((await byProduct("p-gsi"))?.map((i) => i.orderId)).toEqual(["o-g1", "o-g2", "o-g3"]);

    await local.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-g1", productId: "p-gsi" } } },
        { Update: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-g2", productId: "p-gsi" }, UpdateExpression: "SET quantity = :q", ExpressionAttributeValues: { ":q": 5 } } },
      ],
    }));
    expect(await byProduct("p-gsi")).toEqual([
      { orderId: "o-g2", productId: "p-gsi", quantity: 5 },
      { orderId: "o-g3", productId: "p-gsi", quantity: 1 },
    ]);
  });

  describe("bad requests are refused whole, with DynamoDB's errors", () => {
    const put = (orderId: string) => ({ Put: { TableName: RESERVATIONS_TABLE, Item: { orderId, productId: "p-bad" } } });

    test.each([
      ["more than 100 actions", Array.from({ length: 101 }, (_, i) => put(`o-${i}`)), /^1 validation error detected: Value '.*' at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100$/],
      ["no actions", [], /^1 validation error detected: Value '\[\]' at 'transactItems' failed to satisfy constraint: Member must have length greater than or equal to 1$/],
      ["two actions on one item", [put("o-dup"), { Delete: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-dup", productId: "p-bad" } } }], /^Transaction request cannot include multiple operations on one item$/],
      ["an action without a table", [{ Put: { Item: { orderId: "o-x", productId: "p-bad" } } }], /^1 validation error detected: Value null at 'transactItems.1.member.put.tableName' failed to satisfy constraint: Member must not be null$/],
      ["an entry with no action", [{}], /^TransactItems can only contain one of Check, Put, Update or Delete$/],
      ["an entry with two actions", [{ ...put("o-y"), Delete: { TableName: STOCK_TABLE, Key: { productId: "p-bad" } } }], /^TransactItems can only contain one of Check, Put, Update or Delete$/],
      ["an invalid condition expression", [{ Put: { ...put("o-z").Put, ConditionExpression: "attribute_not_exists(" } }], /^Invalid ConditionExpression: Syntax error; /],
      ["an update without an update expression", [{ Update: { TableName: STOCK_TABLE, Key: { productId: "p-bad" } } }], /at 'transactItems.1.member.update.updateExpression' failed to satisfy constraint: Member must not be null$/],
      ["a key that does not match the schema", [{ Delete: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-k" } } }], /^The provided key element does not match the schema$/],
      ["an unused expression value", [{ Put: { ...put("o-u").Put, ExpressionAttributeValues: { ":x": 1 } } }], /^ExpressionAttributeValues can only be specified when using expressions: ConditionExpression is null$/],
    ])("%s: ValidationException", async (_case, TransactItems, message) => {
      const error = await rejection(local.doc.send(new TransactWriteCommand({ TransactItems: TransactItems as TransactItems })));
      expect(error.name).toBe("ValidationException");
      expect(error.message).toMatch(message);
      expect((await local.doc.send(new QueryCommand({ TableName: RESERVATIONS_TABLE, IndexName: BY_PRODUCT_INDEX, KeyConditionExpression: "productId = :p", ExpressionAttributeValues: { ":p": "p-bad" } }))).Items).toEqual([]);
    });

    test("an unknown table: ResourceNotFoundException, and the other actions are not applied", async () => {
      const error = await rejection(local.doc.send(new TransactWriteCommand({
        TransactItems: [put("o-nt"), { Put: { TableName: "NoSuchTable", Item: { id: "x" } } }],
      })));
      expect(error.name).toBe("ResourceNotFoundException");
      expect(error.message).toBe("Requested resource not found");
      expect(await readReservation("o-nt", "p-bad")).toBeUndefined();
    });
  });

  describe("ClientRequestToken", () => {
    test("a repeat with the same token and actions succeeds without applying them again", async () => {
      await stock("p-token", 10);
      const request = { ClientRequestToken: "token-repeat", TransactItems: reservation("o-token", "p-token", 4) };

      await local.doc.send(new TransactWriteCommand(request));
      const repeat = await local.doc.send(new TransactWriteCommand({ ...request, ReturnConsumedCapacity: "TOTAL" }));

      expect(await readStock("p-token")).toEqual({ productId: "p-token", onHand: 6, reserved: 4 });
      // DynamoDB charges a repeat as reading the items transactionally: 2 RCU for each item up to 4 KB.
      expect(repeat.ConsumedCapacity).toEqual([
        { TableName: STOCK_TABLE, CapacityUnits: 2, ReadCapacityUnits: 2 },
        { TableName: RESERVATIONS_TABLE, CapacityUnits: 2, ReadCapacityUnits: 2 },
      ]);
    });

    test("the same token with other actions: IdempotentParameterMismatchException, nothing written", async () => {
      await stock("p-mismatch", 10);
      await local.doc.send(new TransactWriteCommand({ ClientRequestToken: "token-mismatch", TransactItems: reservation("o-m1", "p-mismatch", 1) }));

      const error = await rejection(local.doc.send(new TransactWriteCommand({ ClientRequestToken: "token-mismatch", TransactItems: reservation("o-m2", "p-mismatch", 1) })));

      expect(error.name).toBe("IdempotentParameterMismatchException");
      expect(await readReservation("o-m2", "p-mismatch")).toBeUndefined();
      expect(await readStock("p-mismatch")).toMatchObject({ onHand: 9 });
    });

    test("a cancelled transaction does not use up its token: the retry applies once the condition holds", async () => {
      await stock("p-retry", 0);
      const request = { ClientRequestToken: "token-retry", TransactItems: reservation("o-retry", "p-retry", 1) };
      expect((await rejection(local.doc.send(new TransactWriteCommand(request)))).name).toBe("TransactionCanceledException");

      await stock("p-retry", 1);
      await local.doc.send(new TransactWriteCommand(request));

      expect(await readStock("p-retry")).toMatchObject({ onHand: 0, reserved: 1 });
    });
  });

  test("200 concurrent orders for 150 units: exactly 150 reservations, never oversold", async () => {
    await stock("p-rush", 150);

    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => local.doc.send(new TransactWriteCommand({ TransactItems: reservation(`o-rush-${i}`, "p-rush", 1) }))),
    );

    const committed = results.filter((r) => r.status === "fulfilled").length;
    const cancelled = results.filter((r) => r.status === "rejected" && (r.reason as Error).name === "TransactionCanceledException").length;
    expect({ committed, cancelled }).toEqual({ committed: 150, cancelled: 50 });
    expect(await readStock("p-rush")).toEqual({ productId: "p-rush", onHand: 0, reserved: 150 });
    const reservations = await local.doc.send(new QueryCommand({
      TableName: RESERVATIONS_TABLE,
      IndexName: BY_PRODUCT_INDEX,
      KeyConditionExpression: "productId = :p",
      ExpressionAttributeValues: { ":p": "p-rush" },
    }));
    expect(reservations.Count).toBe(150);
  });

  test("transactions exclude plain writes to their items: concurrent UpdateItem and transactions keep exact totals", async () => {
    await stock("p-mixed", 1000);

    await Promise.all(Array.from({ length: 60 }, (_, i) =>
      i % 2
        ? local.doc.send(new TransactWriteCommand({ TransactItems: reservation(`o-mixed-${i}`, "p-mixed", 3) }))
        : local.doc.send(new UpdateCommand({ TableName: STOCK_TABLE, Key: { productId: "p-mixed" }, UpdateExpression: "SET onHand = onHand - :q", ExpressionAttributeValues: { ":q": 1 } })),
    ));

    expect(await readStock("p-mixed")).toEqual({ productId: "p-mixed", onHand: 1000 - 30 * 3 - 30 * 1, reserved: 90 });
  });
});

describe("TransactGetItems", () => {
  test("returns the items in request order, an empty entry for a missing one, projected when asked", async () => {
    await stock("p-get", 3);

    const { Responses } = await local.doc.send(new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: STOCK_TABLE, Key: { productId: "p-get" } } },
        { Get: { TableName: RESERVATIONS_TABLE, Key: { orderId: "o-none", productId: "p-get" } } },
        { Get: { TableName: STOCK_TABLE, Key: { productId: "p-commit" }, ProjectionExpression: "#h", ExpressionAttributeNames: { "#h": "onHand" } } },
      ],
    }));

    expect(Responses).toEqual([{ Item: { productId: "p-get", onHand: 3, reserved: 0 } }, {}, { Item: { onHand: 7 } }]);
  });

  test("reads a consistent snapshot while transactions move units between two items", async () => {
    await stock("p-left", 100);
    await stock("p-right", 0);
    const move = () => local.doc.send(new TransactWriteCommand({
      TransactItems: [
        { Update: { TableName: STOCK_TABLE, Key: { productId: "p-left" }, UpdateExpression: "SET onHand = onHand - :one", ExpressionAttributeValues: { ":one": 1 } } },
        { Update: { TableName: STOCK_TABLE, Key: { productId: "p-right" }, UpdateExpression: "SET onHand = onHand + :one", ExpressionAttributeValues: { ":one": 1 } } },
      ],
    }));
    const snapshot = async () => {
      const { Responses } = await local.doc.send(new TransactGetCommand({
        TransactItems: [
          { Get: { TableName: STOCK_TABLE, Key: { productId: "p-left" } } },
          { Get: { TableName: STOCK_TABLE, Key: { productId: "p-right" } } },
        ],
      }));
      return (Responses?.[0]?.Item?.onHand as number) + (Responses?.[1]?.Item?.onHand as number);
    };

    const [, sums] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, move)),
      Promise.all(Array.from({ length: 40 }, snapshot)),
    ]);

    expect(new Set(sums)).toEqual(new Set([100]));
    expect(await readStock("p-right")).toMatchObject({ onHand: 40 });
  });

  test("refuses two gets of one item and an unknown table", async () => {
    const twice = await rejection(local.doc.send(new TransactGetCommand({
      TransactItems: [
        { Get: { TableName: STOCK_TABLE, Key: { productId: "p-get" } } },
        { Get: { TableName: STOCK_TABLE, Key: { productId: "p-get" } } },
      ],
    })));
    expect([twice.name, twice.message]).toEqual(["ValidationException", "Transaction request cannot include multiple operations on one item"]);

    const unknown = await rejection(local.doc.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: "NoSuchTable", Key: { id: "x" } } }] })));
    expect(unknown.name).toBe("ResourceNotFoundException");
  });
});

test("the AWS CLI runs transact-write-items and transact-get-items against it, and shows a cancellation's reasons", async () => {
  const aws = async (...args: string[]) => (await run("aws", ["dynamodb", ...args, "--endpoint-url", local.dynamo.endpoint], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_DEFAULT_REGION: "us-east-2", AWS_PAGER: "" },
  })).stdout;
  const put = JSON.stringify([{ Put: { TableName: STOCK_TABLE, Item: { productId: { S: "p-cli" }, onHand: { N: "5" } } } }]);
  const check = JSON.stringify([{ ConditionCheck: { TableName: STOCK_TABLE, Key: { productId: { S: "p-cli" } }, ConditionExpression: "onHand > :n", ExpressionAttributeValues: { ":n": { N: "9" } } } }]);
  const get = JSON.stringify([{ Get: { TableName: STOCK_TABLE, Key: { productId: { S: "p-cli" } } } }]);

  expect(JSON.parse(await aws("transact-write-items", "--transact-items", put, "--return-consumed-capacity", "TOTAL"))).toEqual({
    ConsumedCapacity: [{ TableName: STOCK_TABLE, CapacityUnits: 2, WriteCapacityUnits: 2 }],
  });
  await expect(aws("transact-write-items", "--transact-items", check)).rejects.toMatchObject({
    stderr: expect.stringContaining("(TransactionCanceledException) when calling the TransactWriteItems operation: Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]"),
  });
  expect(JSON.parse(await aws("transact-get-items", "--transact-items", get))).toEqual({
    Responses: [{ Item: { productId: { S: "p-cli" }, onHand: { N: "5" } } }],
  });
});
