/**
 * Counts what the local DynamoDB serves as DynamoDB on-demand would bill it: per operation
 * and per table, the requests, the read and write capacity units, and the largest item
 * written to each table. Benchmarks read it in process (`LocalDynamo.capacity`) or over
 * HTTP (`GET /_local/consumed-capacity` on the DynamoDB port).
 */
import type { WireItem } from "./dynalite";
import { dynamoItemSize } from "./item-size";
import type { ConsumedUnits } from "./outcome";

export interface CapacityFigures {
  /** Requests served (for a table: requests that named it; one request can name several tables). */
  requests: number;
  /** Of those, the ones answered with an error (a failed condition, a cancelled transaction, bad input, ...). */
  errors: number;
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

export interface TableCapacityFigures extends CapacityFigures {
  /** The largest item written to the table, in bytes as DynamoDB counts them (0 when none was). */
  largestItemBytes: number;
  operations: Record<string, CapacityFigures>;
}

export interface CapacitySnapshot {
  /** When counting started (the server start or the last reset), ISO 8601. */
  since: string;
  total: CapacityFigures;
  /** By operation name (`PutItem`, `TransactWriteItems`, ...), every table together. */
  operations: Record<string, CapacityFigures>;
  /** By table name. */
  tables: Record<string, TableCapacityFigures>;
}

export interface ServedRequest {
  operation: string;
  tableNames: readonly string[];
  failed: boolean;
  consumed: readonly ConsumedUnits[];
}

export interface CapacityMeterReader {
  snapshot(): CapacitySnapshot;
  reset(): void;
}

function zero(): CapacityFigures {
  return { requests: 0, errors: 0, readCapacityUnits: 0, writeCapacityUnits: 0 };
}

function add(figures: CapacityFigures, failed: boolean, readUnits: number, writeUnits: number, counts: boolean): void {
  if (counts) {
    figures.requests++;
    if (failed) figures.errors++;
  }
  figures.readCapacityUnits += readUnits;
  figures.writeCapacityUnits += writeUnits;
}

export class CapacityMeter implements CapacityMeterReader {
  private figures!: CapacitySnapshot;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.reset();
  }

  reset(): void {
    this.figures = { since: this.now().toISOString(), total: zero(), operations: {}, tables: {} };
  }

  snapshot(): CapacitySnapshot {
    return structuredClone(this.figures);
  }

  recordRequest({ operation, tableNames, failed, consumed }: ServedRequest): void {
    const read = consumed.reduce((sum, c) => sum + c.readUnits, 0);
    const write = consumed.reduce((sum, c) => sum + c.writeUnits, 0);
    add(this.figures.total, failed, read, write, true);
    add((this.figures.operations[operation] ??= zero()), failed, read, write, true);

    const named = new Set(tableNames);
    for (const tableName of new Set([...tableNames, ...consumed.map((c) => c.tableName)])) {
      const mine = consumed.filter((c) => c.tableName === tableName);
      const tableRead = mine.reduce((sum, c) => sum + c.readUnits, 0);
      const tableWrite = mine.reduce((sum, c) => sum + c.writeUnits, 0);
      const table = this.table(tableName);
      add(table, failed, tableRead, tableWrite, named.has(tableName));
      add((table.operations[operation] ??= zero()), failed, tableRead, tableWrite, named.has(tableName));
    }
  }

  recordItemWritten(tableName: string, item: WireItem): void {
    const table = this.table(tableName);
    table.largestItemBytes = Math.max(table.largestItemBytes, dynamoItemSize(item));
  }

  private table(tableName: string): TableCapacityFigures {
    return (this.figures.tables[tableName] ??= { ...zero(), largestItemBytes: 0, operations: {} });
  }
}
