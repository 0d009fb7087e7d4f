/**
 * The local DynamoDB's consumed-capacity meter, over HTTP on the DynamoDB port
 * (src/local/dynamodb.ts), so a benchmark can read a stack in this process or in another.
 */
export interface CapacityFigures {
  requests: number;
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

/** Table name → totals since the last reset. */
export type CapacityTotals = Record<string, CapacityFigures>;

const PATH = "/_local/consumed-capacity";

export async function resetConsumedCapacity(dynamodbEndpoint: string): Promise<void> {
  const response = await fetch(`${dynamodbEndpoint}${PATH}`, { method: "DELETE" });
  if (!response.ok) throw new Error(`resetting the capacity meter answered HTTP ${response.status}`);
}

export async function consumedCapacity(dynamodbEndpoint: string): Promise<CapacityTotals> {
  const response = await fetch(`${dynamodbEndpoint}${PATH}`);
  if (!response.ok) throw new Error(`reading the capacity meter answered HTTP ${response.status}`);
  return toTotals(await response.json());
}

/** Accepts the meter's snapshot (per table: requests, read and write units; operations broken out or not). */
function toTotals(snapshot: unknown): CapacityTotals {
  const tables = (snapshot as { tables?: Record<string, Partial<CapacityFigures>> }).tables ?? (snapshot as Record<string, Partial<CapacityFigures>>);
  const totals: CapacityTotals = {};
  for (const [table, figures] of Object.entries(tables)) {
    totals[table] = { requests: figures.requests ?? 0, readCapacityUnits: figures.readCapacityUnits ?? 0, writeCapacityUnits: figures.writeCapacityUnits ?? 0 };
  }
  return totals;
}
