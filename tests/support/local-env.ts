/**
 * Jest helper: a real DynamoDB API server (dynalite) with the template's tables,
 * seeded with data/inventory-seed.json, wired into process.env the way the
 * template wires the deployed functions.
 */
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startLocalDynamo, type LocalDynamo } from "../../src/local/dynamodb";
import { seedInventory } from "../../src/adapters/inventory-seed";

/** Environment variable each table's name is given in, by logical id (as in template.yaml). */
export const TABLE_ENV: Record<string, string> = {
  OrdersTable: "ORDERS_TABLE",
  InventoryTable: "INVENTORY_TABLE",
  ReservationsTable: "RESERVATIONS_TABLE",
  PaymentsTable: "PAYMENTS_TABLE",
  IdempotencyTable: "IDEMPOTENCY_TABLE",
};

export interface LocalDynamoHandle {
  readonly dynamo: LocalDynamo;
  readonly doc: DynamoDBDocumentClient;
}

/** Starts dynalite before the file's tests and stops it after; call at the top of a test file. */
export function withLocalDynamo(): LocalDynamoHandle {
  let dynamo: LocalDynamo | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamo.endpoint;
    for (const [logicalId, name] of Object.entries(dynamo.tableNames)) {
      const envName = TABLE_ENV[logicalId];
      if (envName) process.env[envName] = name;
    }
    doc = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
    await seedInventory(doc, dynamo.tableNames.InventoryTable!);
  });
  afterAll(async () => {
    await dynamo?.close();
  });
  return {
    get dynamo() {
      if (!dynamo) throw new Error("local DynamoDB is not started yet (use it inside a test or hook)");
      return dynamo;
    },
    get doc() {
      if (!doc) throw new Error("local DynamoDB is not started yet (use it inside a test or hook)");
      return doc;
    },
  };
}
