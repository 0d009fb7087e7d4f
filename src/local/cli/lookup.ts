/**
 * Finds the durable execution a person means: an execution ARN as it is, or an
 * order id — the API names each order's execution `order-<orderId>` and stores
 * its ARN on the order, so either way leads to it.
 */
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ListDurableExecutionsByFunctionCommand, type Execution as ExecutionSummary, type LambdaClient } from "@aws-sdk/client-lambda";
import { LOCAL_AWS } from "../local-aws";

/** Nothing matched what the user typed. */
export class ExecutionNotFoundError extends Error {
  override readonly name = "ExecutionNotFoundError";
}

export interface LookupOptions {
  client: LambdaClient;
  /** Names of the template's durable functions, searched by execution name. */
  durableFunctions: readonly string[];
  /** Where the Orders table lives, for the order's stored executionArn. */
  dynamodbEndpoint?: string;
  ordersTable?: string;
}

export async function resolveExecutionArn(target: string, options: LookupOptions): Promise<string> {
  if (target.startsWith("arn:")) return target;
  const names = [...new Set([`order-${target}`, target])].filter((name) => /^[A-Za-z0-9_-]{1,64}$/.test(name));
  const found: ExecutionSummary[] = [];
  for (const functionName of options.durableFunctions) {
    for (const name of names) {
      const page = await options.client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: functionName, DurableExecutionName: name }));
      found.push(...(page.DurableExecutions ?? []).filter((execution) => execution.DurableExecutionName === name));
    }
  }
  const newest = found.sort((a, b) => (b.StartTimestamp?.getTime() ?? 0) - (a.StartTimestamp?.getTime() ?? 0))[0];
  if (newest?.DurableExecutionArn) return newest.DurableExecutionArn;

  const stored = await executionArnOfOrder(target, options).catch(() => undefined);
  if (stored) return stored;
  throw new ExecutionNotFoundError(
    `no durable execution found for "${target}" (looked for executions named ${names.join(" or ")} of ${options.durableFunctions.join(", ") || "no durable function"}` +
      `${options.ordersTable ? `, and for an order with that id in ${options.ordersTable}` : ""})`,
  );
}

async function executionArnOfOrder(orderId: string, options: LookupOptions): Promise<string | undefined> {
  if (!options.dynamodbEndpoint || !options.ordersTable) return undefined;
  const dynamodb = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials, maxAttempts: 1 });
  try {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: options.ordersTable, Key: { orderId: { S: orderId } }, ProjectionExpression: "executionArn" }));
    return Item?.executionArn?.S;
  } finally {
    dynamodb.destroy();
  }
}
