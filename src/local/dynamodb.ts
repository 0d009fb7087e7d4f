/**
 * An embedded DynamoDB API server (dynalite) holding the template's tables.
 * It speaks the real DynamoDB wire protocol, so the app's AWS SDK clients and the
 * AWS CLI talk to it unchanged through AWS_ENDPOINT_URL_DYNAMODB / --endpoint-url.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { loadTemplate, tableDefinitions, type Template } from "./template";

// dynalite ships no types; this is the slice we use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number; path?: string }) => Server;

export interface LocalDynamoOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Keep data in this folder (LevelDB); in memory when absent. */
  dataDir?: string;
  template?: Template;
}

export interface LocalDynamo {
  endpoint: string;
  port: number;
  /** Table name by the table's logical id in template.yaml. */
  tableNames: Record<string, string>;
  client: DynamoDBClient;
  close(): Promise<void>;
}

/** Locally a table is named after its logical id; in AWS, CloudFormation names it. */
export function localTableName(logicalId: string): string {
  return logicalId;
}

export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  const host = options.host ?? "127.0.0.1";
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: options.dataDir } : {}) });
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolvePromise();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host}:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });

  const tableNames: Record<string, string> = {};
  for (const table of tableDefinitions(options.template ?? loadTemplate())) {
    const TableName = localTableName(table.logicalId);
    tableNames[table.logicalId] = TableName;
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

  return {
    endpoint,
    port,
    tableNames,
    client,
    close: async () => {
      client.destroy();
      await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
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
