/**
 * An embedded DynamoDB API server holding the template's tables: dynalite's store and
 * operations behind our own front door (./dynamodb/front-door), which adds
 * TransactWriteItems, TransactGetItems and a consumed-capacity meter.
 * It speaks the real DynamoDB wire protocol, so the app's AWS SDK clients and the
 * AWS CLI talk to it unchanged through AWS_ENDPOINT_URL_DYNAMODB / --endpoint-url.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import type { CapacityMeterReader } from "./dynamodb/capacity-meter";
import { createDynamoServer } from "./dynamodb/front-door";
import { TimeToLiveSweeper, type TimeToLiveTable } from "./dynamodb/ttl-sweeper";
import { loadTemplate, tableDefinitions, type Template } from "./template";

export type { CapacityFigures, CapacityMeterReader, CapacitySnapshot, TableCapacityFigures } from "./dynamodb/capacity-meter";
export { CONSUMED_CAPACITY_PATH } from "./dynamodb/front-door";
export { TTL_SWEEP_INTERVAL_MS } from "./dynamodb/ttl-sweeper";
export { dynamoItemSize } from "./dynamodb/item-size";
export type { WireAttributeValue, WireItem } from "./dynamodb/dynalite";

export interface LocalDynamoOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Keep data in this folder (LevelDB); in memory when absent. */
  dataDir?: string;
  template?: Template;
  /**
   * Delete expired items of tables with TimeToLiveSpecification this often (the local stack
   * uses TTL_SWEEP_INTERVAL_MS). Off (0) by default, so tests that write records with a fixed
   * clock keep them; `sweepExpiredItems()` sweeps on demand.
   */
  timeToLiveSweepMs?: number;
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /** Table name by the table's logical id in template.yaml. */
  tableNames: Record<string, string>;
  client: DynamoDBClient;
  /** What every request served so far would cost in DynamoDB on-demand, per operation and table. */
  capacity: CapacityMeterReader;
  /** Deletes the items whose time to live has passed now (the sweeper does this every few seconds); resolves to how many. */
  sweepExpiredItems(): Promise<number>;
  close(): Promise<void>;
}

/** Locally a table is named after its logical id; in AWS, CloudFormation names it. */
export function localTableName(logicalId: string): string {
  return logicalId;
}

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const host = options.host ?? "127.0.0.1";
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const dynamo = await createDynamoServer(options.dataDir ? { dataDir: options.dataDir } : {});
  const { server } = dynamo;
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolvePromise();
    });
  }).catch(async (error: unknown) => {
    await dynamo.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

  const tableNames: Record<string, string> = {};
  const timeToLiveTables: TimeToLiveTable[] = [];
  for (const table of tableDefinitions(options.template ?? loadTemplate())) {
    const TableName = localTableName(table.logicalId);
    tableNames[table.logicalId] = TableName;
    if (table.TimeToLiveSpecification?.Enabled) {
      timeToLiveTables.push({ tableName: TableName, attributeName: table.TimeToLiveSpecification.AttributeName });
    }
    try {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: table.AttributeDefinitions as never,
          KeySchema: table.KeySchema as never,
          ...(table.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes as never } : {}),
        }),
      );
    } catch (error) {
      // A persisted data folder already has its tables.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilActive(client, TableName);
  }
  // Count from here: creating the tables is not the app's traffic.
  dynamo.meter.reset();
  const sweeper = new TimeToLiveSweeper(dynamo.store, timeToLiveTables);
  if (options.timeToLiveSweepMs) sweeper.start(options.timeToLiveSweepMs);

  return {
    endpoint,
    port,
    tableNames,
    client,
    capacity: dynamo.meter,
    sweepExpiredItems: () => sweeper.sweep(),
    close: async () => {
      await sweeper.stop();
      client.destroy();
      await dynamo.close();
    },
  };
}

async function waitUntilActive(client: DynamoDBClient, TableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`table ${TableName} did not become ACTIVE`);
}
