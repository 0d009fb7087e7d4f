/**
 * Per-file setup for the reliability suites: one local stack, run as a child process
 * (so a suite can kill it or read its logs), started before the file's tests and
 * stopped after them, plus the clients that look inside it.
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { startChildStack, type ChildStack, type StackOptions } from "../../support/stack";
import { documentClient, readLedgers, scanAll, type LedgerSnapshot } from "./ledger";
import { lambdaClient, listExecutions } from "./lambda";

export interface SuiteStack {
  readonly stack: ChildStack;
  readonly lambda: LambdaClient;
  readonly doc: DynamoDBDocumentClient;
  /** Items in OrdersTable. */
  orderCount(): Promise<number>;
  /** Durable executions of the orchestrator, as ListDurableExecutionsByFunction reports them. */
  executionCount(): Promise<number>;
  ledgers(): Promise<LedgerSnapshot>;
}

/** Time for a cold start: a child process, dynalite, and the first sandboxes compiling TypeScript. */
export const STACK_START_TIMEOUT_MS = 120_000;

export function withChildStack(options: StackOptions): SuiteStack {
  let stack: ChildStack | undefined;
  let lambda: LambdaClient | undefined;
  let doc: DynamoDBDocumentClient | undefined;
  beforeAll(async () => {
    stack = await startChildStack(options);
    lambda = lambdaClient(stack.lambdaEndpoint);
    doc = documentClient(stack.dynamodbEndpoint);
  }, STACK_START_TIMEOUT_MS);
  afterAll(async () => {
    lambda?.destroy();
    doc?.destroy();
    await stack?.close();
  }, 30_000);
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the local stack is not started (use it inside a test or hook)");
    return value;
  };
  return {
    get stack() {
      return need(stack);
    },
    get lambda() {
      return need(lambda);
    },
    get doc() {
      return need(doc);
    },
    orderCount: async () => (await scanAll(need(doc), need(stack).tableNames.OrdersTable ?? "OrdersTable")).length,
    executionCount: async () => (await listExecutions(need(lambda))).length,
    ledgers: () => readLedgers(need(stack).dynamodbEndpoint, need(stack).tableNames),
  };
}
