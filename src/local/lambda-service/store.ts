import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { executionIdFromArn } from "./arn";
import { OperationType } from "./constants";
import type { ExecutionRecord, StoredEvent, StoredOperation } from "./types";

interface CallbackRef {
  executionId: string;
  operationId: string;
}

/** One line of an execution's log: the record's small fields, plus the operations changed and events added since the previous line. */
interface LogEntry {
  meta: Omit<ExecutionRecord, "operations" | "history">;
  operations: StoredOperation[];
  events: StoredEvent[];
}

/** Per-execution write bookkeeping. */
interface LogState {
  bytes: number;
  /** Size of the last full rewrite; the log is compacted when it grows well past it. */
  compactedBytes: number;
  /** history.length at the last write: later events are new. */
  savedEvents: number;
  changedOperations: Set<string>;
}

const COMPACT_MIN_BYTES = 1_000_000;
const COMPACT_GROWTH_FACTOR = 4;

/**
 * The one store of the service: executions with their operations, timers (absolute due times inside the
 * operations and `callbacks`), callbacks and history. Always served from memory. With a dataDir every
 * execution also has a log file `<executionId>.jsonl`; each save appends one line with what changed (the
 * small record fields, changed operations, new events), so a checkpoint costs one small append rather than
 * a rewrite. Loading folds the lines; a line torn by a crash is ignored (it was never acknowledged). A log
 * that has grown large is compacted into one full line, written to a temp file and renamed (atomic).
 */
export class ExecutionStore {
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly operationIndex = new Map<string, Map<string, StoredOperation>>();
  private readonly names = new Map<string, string>();
  private readonly callbackIds = new Map<string, CallbackRef>();
  private readonly logs = new Map<string, LogState>();
  private readonly dirty = new Set<string>();
  private flushing: Promise<void> | undefined;
  private readonly directory: string | undefined;

  constructor(dataDir?: string) {
    this.directory = dataDir ? join(dataDir, "durable-executions") : undefined;
    if (this.directory) {
      mkdirSync(this.directory, { recursive: true });
      this.load(this.directory);
    }
  }

  add(record: ExecutionRecord): void {
    this.executions.set(record.executionId, record);
    this.names.set(nameKey(record.functionName, record.executionName), record.executionId);
    const index = new Map<string, StoredOperation>();
    for (const op of record.operations) {
      index.set(op.Id, op);
      if (op.Type === OperationType.CALLBACK && op.CallbackDetails?.CallbackId) {
        this.callbackIds.set(op.CallbackDetails.CallbackId, { executionId: record.executionId, operationId: op.Id });
      }
    }
    this.operationIndex.set(record.executionId, index);
    if (!this.logs.has(record.executionId)) {
      this.logs.set(record.executionId, { bytes: 0, compactedBytes: 0, savedEvents: 0, changedOperations: new Set(index.keys()) });
    }
  }

  get(executionId: string): ExecutionRecord | undefined {
    return this.executions.get(executionId);
  }

  getByArn(arn: string): ExecutionRecord | undefined {
    const id = executionIdFromArn(arn);
    const record = id ? this.executions.get(id) : undefined;
    return record && record.executionArn === arn ? record : undefined;
  }

  getByName(functionName: string, executionName: string): ExecutionRecord | undefined {
    const id = this.names.get(nameKey(functionName, executionName));
    return id ? this.executions.get(id) : undefined;
  }

  all(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  operation(record: ExecutionRecord, operationId: string): StoredOperation | undefined {
    return this.operationIndex.get(record.executionId)?.get(operationId);
  }

  addOperation(record: ExecutionRecord, op: StoredOperation): void {
    record.operations.push(op);
    this.operationIndex.get(record.executionId)?.set(op.Id, op);
    this.operationChanged(record, op.Id);
  }

  /** Every in-place change of an operation must be reported here, or the next save would not write it. */
  operationChanged(record: ExecutionRecord, operationId: string): void {
    this.logs.get(record.executionId)?.changedOperations.add(operationId);
  }

  registerCallback(callbackId: string, record: ExecutionRecord, operationId: string): void {
    this.callbackIds.set(callbackId, { executionId: record.executionId, operationId });
  }

  findCallback(callbackId: string): { record: ExecutionRecord; operation: StoredOperation } | undefined {
    const ref = this.callbackIds.get(callbackId);
    const record = ref ? this.executions.get(ref.executionId) : undefined;
    const operation = ref && record ? this.operation(record, ref.operationId) : undefined;
    return record && operation ? { record, operation } : undefined;
  }

  /**
   * Resolves once the record's changes are on disk (written, not fsynced: a process crash cannot lose
   * them). Saves requested in the same event-loop turn share one write per execution.
   */
  save(record: ExecutionRecord): Promise<void> {
    if (!this.directory) return Promise.resolve();
    this.dirty.add(record.executionId);
    this.flushing ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.flushing = undefined;
        try {
          this.flush();
          resolve();
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    return this.flushing;
  }

  /** Writes every dirty execution now. */
  flush(): void {
    if (!this.directory) return;
    for (const id of this.dirty) {
      const record = this.executions.get(id);
      const log = this.logs.get(id);
      if (record && log) this.write(this.directory, record, log);
    }
    this.dirty.clear();
  }

  private write(directory: string, record: ExecutionRecord, log: LogState): void {
    const file = join(directory, `${record.executionId}.jsonl`);
    const { operations, history, ...meta } = record;
    if (log.bytes === 0 || log.bytes > Math.max(COMPACT_MIN_BYTES, log.compactedBytes * COMPACT_GROWTH_FACTOR)) {
      const line = `${JSON.stringify({ meta, operations, events: history } satisfies LogEntry)}\n`;
      const temp = `${file}.tmp`;
      writeFileSync(temp, line);
      renameSync(temp, file);
      log.bytes = log.compactedBytes = Buffer.byteLength(line);
    } else {
      const changed: StoredOperation[] = [];
      for (const opId of log.changedOperations) {
        const op = this.operation(record, opId);
        if (op) changed.push(op);
      }
      const line = `${JSON.stringify({ meta, operations: changed, events: history.slice(log.savedEvents) } satisfies LogEntry)}\n`;
      appendFileSync(file, line);
      log.bytes += Buffer.byteLength(line);
    }
    log.savedEvents = history.length;
    log.changedOperations.clear();
  }

  private load(directory: string): void {
    for (const file of readdirSync(directory)) {
      if (!file.endsWith(".jsonl")) continue;
      const text = readFileSync(join(directory, file), "utf8");
      const record = foldLog(text);
      if (!record) continue;
      this.add(record);
      const log = this.logs.get(record.executionId);
      if (log) {
        // The first write after a restart rewrites the log whole, so nothing is ever appended after a torn line.
        log.bytes = 0;
        log.savedEvents = record.history.length;
        log.changedOperations.clear();
      }
    }
  }
}

/** Rebuilds a record from its log lines; stops at a torn (unparseable) line. */
function foldLog(text: string): ExecutionRecord | undefined {
  let record: ExecutionRecord | undefined;
  let index = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line) continue;
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch {
      break;
    }
    if (!record) {
      record = { ...entry.meta, operations: [], history: [] };
      index = new Map();
    } else {
      record = { ...entry.meta, operations: record.operations, history: record.history };
    }
    for (const op of entry.operations) {
      const at = index.get(op.Id);
      if (at === undefined) {
        index.set(op.Id, record.operations.length);
        record.operations.push(op);
      } else {
        record.operations[at] = op;
      }
    }
    record.history.push(...entry.events);
  }
  return record;
}

function nameKey(functionName: string, executionName: string): string {
  return `${functionName}\u0000${executionName}`;
}
