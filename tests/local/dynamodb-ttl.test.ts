/**
 * Time to live on the local DynamoDB: the sweeper deletes items whose TTL attribute lies in
 * the past, for the tables whose template declares TimeToLiveSpecification, as DynamoDB does.
 */
import { GetCommand, PutCommand, QueryCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../src/local/dynamodb";
import { parseTemplate } from "../../src/local/template";

const SESSIONS = "SessionsTable";
const now = Math.floor(Date.now() / 1000);
const YEAR = 365 * 24 * 60 * 60;

let sessions: LocalDynamo;
let app: LocalDynamo;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  sessions = await startLocalDynamo({
    port: 0,
    template: parseTemplate(`
Resources:
  ${SESSIONS}:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }, { AttributeName: user, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      GlobalSecondaryIndexes:
        - IndexName: ByUser
          KeySchema: [{ AttributeName: user, KeyType: HASH }]
          Projection: { ProjectionType: KEYS_ONLY }
      TimeToLiveSpecification: { AttributeName: expiresAt, Enabled: true }
  UntimedTable:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
`),
  });
  app = await startLocalDynamo({ port: 0 });
  doc = DynamoDBDocumentClient.from(sessions.client);
});

afterAll(async () => {
  await sessions?.close();
  await app?.close();
});

test("deletes expired items and keeps the rest, as DynamoDB's TTL does", async () => {
  const items = [
    { id: "expired", user: "u", expiresAt: now - 60 },
    { id: "future", user: "u", expiresAt: now + 3600 },
    { id: "not-a-number", user: "u", expiresAt: "yesterday" },
    { id: "over-five-years-ago", user: "u", expiresAt: now - 6 * YEAR },
    { id: "no-ttl", user: "u" },
  ];
  for (const Item of items) await doc.send(new PutCommand({ TableName: SESSIONS, Item }));
  await doc.send(new PutCommand({ TableName: "UntimedTable", Item: { id: "old", expiresAt: now - 60 } }));

  expect(await sessions.sweepExpiredItems()).toBe(1);

  const left = await Promise.all(items.map(async ({ id }) => (await doc.send(new GetCommand({ TableName: SESSIONS, Key: { id } }))).Item?.id));
  expect(left).toEqual([undefined, "future", "not-a-number", "over-five-years-ago", "no-ttl"]);
  const byUser = await doc.send(new QueryCommand({ TableName: SESSIONS, IndexName: "ByUser", KeyConditionExpression: "#u = :u", ExpressionAttributeNames: { "#u": "user" }, ExpressionAttributeValues: { ":u": "u" } }));
  expect(byUser.Items?.map((i) => i.id).sort()).toEqual(["future", "no-ttl", "not-a-number", "over-five-years-ago"]);
  expect((await doc.send(new GetCommand({ TableName: "UntimedTable", Key: { id: "old" } }))).Item).toBeDefined();
});

test("the deletes consume no capacity, as in DynamoDB", async () => {
  await doc.send(new PutCommand({ TableName: SESSIONS, Item: { id: "free", expiresAt: now - 1 } }));
  sessions.capacity.reset();

  expect(await sessions.sweepExpiredItems()).toBe(1);

  expect(sessions.capacity.snapshot().total).toEqual({ requests: 0, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 0 });
});

test("sweeps the template's own TTL table: expired idempotency records go", async () => {
  const appDoc = DynamoDBDocumentClient.from(app.client);
  const TableName = app.tableNames.IdempotencyTable!;
  await appDoc.send(new PutCommand({ TableName, Item: { idempotencyKey: "k-old", expiresAt: now - 1 } }));
  await appDoc.send(new PutCommand({ TableName, Item: { idempotencyKey: "k-new", expiresAt: now + 86_400 } }));

  await app.sweepExpiredItems();

  expect((await appDoc.send(new GetCommand({ TableName, Key: { idempotencyKey: "k-old" } }))).Item).toBeUndefined();
  expect((await appDoc.send(new GetCommand({ TableName, Key: { idempotencyKey: "k-new" } }))).Item).toBeDefined();
});
