/**
 * The one DynamoDB document client of a process. The SDK picks the endpoint up from
 * AWS_ENDPOINT_URL_DYNAMODB (dynalite locally, the regional endpoint in AWS), so nothing
 * here names an endpoint.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { instrumentClient } from "./instrumentation";

let client: DynamoDBDocumentClient | undefined;

/** A new document client; scripts use it to pick a region. Functions use `documentClient()`. */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(instrumentClient(new DynamoDBClient(config)), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Created on first use, so a module can be imported before the environment is complete. */
export function documentClient(): DynamoDBDocumentClient {
  client ??= createDocumentClient();
  return client;
}

/** Drops the cached client (tests that point the process at another endpoint). */
export function resetDocumentClient(): void {
  client?.destroy();
  client = undefined;
}

/**
 * True for a failed ConditionExpression. Compared by name because a bundled function can
 * hold two copies of the SDK, and `instanceof` only matches one of them.
 */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === "ConditionalCheckFailedException";
}
