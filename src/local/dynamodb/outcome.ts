/**
 * What serving one request produced: the wire reply and the capacity DynamoDB would
 * charge for it, per table (also for failed requests: a failed conditional write is charged).
 */
import type { DynaliteError } from "./dynalite";

export interface ConsumedUnits {
  tableName: string;
  readUnits: number;
  writeUnits: number;
}

export interface OperationOutcome {
  statusCode: number;
  body: Record<string, unknown>;
  consumed: ConsumedUnits[];
}

export function succeeded(body: Record<string, unknown>, consumed: ConsumedUnits[] = []): OperationOutcome {
  return { statusCode: 200, body, consumed };
}

export function failed(error: DynaliteError, consumed: ConsumedUnits[] = []): OperationOutcome {
  return { statusCode: error.statusCode, body: error.body, consumed };
}

/** Sums units per table, tables in order of first appearance. */
export function unitsByTable(consumed: readonly ConsumedUnits[]): ConsumedUnits[] {
  const byTable = new Map<string, ConsumedUnits>();
  for (const { tableName, readUnits, writeUnits } of consumed) {
    const sum = byTable.get(tableName) ?? { tableName, readUnits: 0, writeUnits: 0 };
    sum.readUnits += readUnits;
    sum.writeUnits += writeUnits;
    byTable.set(tableName, sum);
  }
  return [...byTable.values()];
}

/**
 * The `ConsumedCapacity` list of a transaction reply, one entry per table; INDEXES adds the
 * table's own share (our tables' index writes are not charged, see the README).
 */
export function transactionConsumedCapacity(mode: unknown, consumed: readonly ConsumedUnits[]): Record<string, unknown> {
  if (mode !== "TOTAL" && mode !== "INDEXES") return {};
  return {
    ConsumedCapacity: unitsByTable(consumed).map(({ tableName, readUnits, writeUnits }) => {
      const units = {
        CapacityUnits: readUnits + writeUnits,
        ...(readUnits ? { ReadCapacityUnits: readUnits } : {}),
        ...(writeUnits ? { WriteCapacityUnits: writeUnits } : {}),
      };
      return { TableName: tableName, ...units, ...(mode === "INDEXES" ? { Table: units } : {}) };
    }),
  };
}
