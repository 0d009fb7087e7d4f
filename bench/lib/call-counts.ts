/**
 * The API calls the functions' SDK clients made, counted by the servers that answered them
 * (the local Lambda service by operation, the local DynamoDB's capacity meter by table), so a
 * benchmark can say how many calls an order or a step costs without touching the clients.
 */
import type { LocalStack } from "../../src/local/stack";
import { consumedCapacity } from "./capacity";

export interface CallCounts {
  /** CheckpointDurableExecution */
  checkpoint: number;
  /** GetDurableExecutionState */
  state: number;
  /** Every other Lambda API operation (the start, GetDurableExecution, callbacks, ...). */
  otherLambda: number;
  /** DynamoDB requests, all tables. */
  dynamodb: number;
  total: number;
}

export interface CallCounter {
  /** Calls since the counter was made. */
  since(): Promise<CallCounts>;
}

type CountSource = Pick<LocalStack, "lambdaService"> & { dynamodbEndpoint?: string };

async function snapshot(source: CountSource): Promise<{ lambda: Record<string, number>; dynamodb: number }> {
  const lambda = source.lambdaService.requestCounts();
  const tables = source.dynamodbEndpoint ? await consumedCapacity(source.dynamodbEndpoint) : {};
  return { lambda, dynamodb: Object.values(tables).reduce((sum, table) => sum + table.requests, 0) };
}

export async function countCalls(source: CountSource): Promise<CallCounter> {
  const before = await snapshot(source);
  return {
    since: async () => {
      const after = await snapshot(source);
      return callCountsBetween(before, after);
    },
  };
}

/** Pure: the difference between two snapshots, grouped as the explanations use it. */
export function callCountsBetween(
  before: { lambda: Record<string, number>; dynamodb: number },
  after: { lambda: Record<string, number>; dynamodb: number },
): CallCounts {
  const lambda = (operation: string) => (after.lambda[operation] ?? 0) - (before.lambda[operation] ?? 0);
  const allLambda = Object.keys(after.lambda).reduce((sum, operation) => sum + lambda(operation), 0);
  const checkpoint = lambda("CheckpointDurableExecution");
  const state = lambda("GetDurableExecutionState");
  const dynamodb = after.dynamodb - before.dynamodb;
  return { checkpoint, state, otherLambda: allLambda - checkpoint - state, dynamodb, total: allLambda + dynamodb };
}

/** Each count divided by `n` (orders, steps), to one decimal. */
export function perUnit(counts: CallCounts, n: number): CallCounts {
  const each = (value: number) => Math.round((value / n) * 10) / 10;
  return { checkpoint: each(counts.checkpoint), state: each(counts.state), otherLambda: each(counts.otherLambda), dynamodb: each(counts.dynamodb), total: each(counts.total) };
}
