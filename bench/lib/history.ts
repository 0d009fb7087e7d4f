/**
 * Reads a durable execution's recorded history (GetDurableExecutionHistory, the
 * same API as AWS) and turns it into what the benchmarks need: operation spans,
 * operation counts, bytes checkpointed and invocation durations.
 */
import { GetDurableExecutionHistoryCommand, type Event, type LambdaClient } from "@aws-sdk/client-lambda";

export async function fetchHistory(client: LambdaClient, executionArn: string): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new GetDurableExecutionHistoryCommand({
        DurableExecutionArn: executionArn,
        IncludeExecutionData: true,
        MaxItems: 1000,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

/** The operation type an event belongs to, from its EventType prefix (StepStarted → STEP). */
const TYPE_PREFIXES = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Context", "CONTEXT"],
  ["Callback", "CALLBACK"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
] as const;

export type OperationKind = (typeof TYPE_PREFIXES)[number][1];

export function operationKind(eventType: string | undefined): OperationKind | undefined {
  if (!eventType) return undefined;
  return TYPE_PREFIXES.find(([prefix]) => eventType.startsWith(prefix))?.[1];
}

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  subType?: string;
  name?: string;
  parentId?: string;
  startMs?: number;
  endMs?: number;
  /** Attempts of a step (a retried step or each poll of a waitForCondition counts one each). */
  attempts: number;
  /** Bytes of payloads, results and errors recorded for it. */
  bytes: number;
  status?: string;
  functionName?: string;
}

export interface InvocationRecord {
  startMs: number;
  endMs: number;
  durationMs: number;
}

export interface HistorySummary {
  operations: OperationRecord[];
  invocations: InvocationRecord[];
  /** Bytes of every payload, result and error in the history: the data the execution checkpointed. */
  bytesWritten: number;
  executionStartMs?: number;
  executionEndMs?: number;
}

function time(date: Date | undefined): number | undefined {
  return date instanceof Date ? date.getTime() : undefined;
}

function payloadBytes(event: Event): number {
  let bytes = 0;
  const add = (text: string | undefined): void => {
    if (text) bytes += Buffer.byteLength(text, "utf8");
  };
  // Every *Details member that can carry data: Input, Result or Error.
  for (const [key, value] of Object.entries(event)) {
    if (!key.endsWith("Details") || typeof value !== "object" || value === null) continue;
    const details = value as { Input?: { Payload?: string }; Result?: { Payload?: string }; Error?: { Payload?: unknown } };
    add(details.Input?.Payload);
    add(details.Result?.Payload);
    if (details.Error?.Payload !== undefined) add(JSON.stringify(details.Error.Payload));
  }
  return bytes;
}

export function summariseHistory(events: readonly Event[]): HistorySummary {
  const operations = new Map<string, OperationRecord>();
  const invocations: InvocationRecord[] = [];
  let bytesWritten = 0;
  let executionStartMs: number | undefined;
  let executionEndMs: number | undefined;
  const starts = new Map<string, number>();

  for (const event of events) {
    const bytes = payloadBytes(event);
    bytesWritten += bytes;
    if (event.EventType === "InvocationCompleted") {
      const details = event.InvocationCompletedDetails;
      const startMs = time(details?.StartTimestamp);
      const endMs = time(details?.EndTimestamp);
      if (startMs !== undefined && endMs !== undefined) invocations.push({ startMs, endMs, durationMs: endMs - startMs });
      continue;
    }
    const kind = operationKind(event.EventType);
    const at = time(event.EventTimestamp);
    if (kind === "EXECUTION") {
      if (event.EventType === "ExecutionStarted") executionStartMs = at;
      else executionEndMs = at;
      continue;
    }
    if (!kind || !event.Id) continue;
    let op = operations.get(event.Id);
    if (!op) {
      op = {
        id: event.Id,
        kind,
        attempts: 0,
        bytes: 0,
        ...(event.SubType ? { subType: event.SubType } : {}),
        ...(event.Name ? { name: event.Name } : {}),
        ...(event.ParentId ? { parentId: event.ParentId } : {}),
      };
      operations.set(event.Id, op);
    }
    op.bytes += bytes;
    const phase = event.EventType!.slice(kind === "CHAINED_INVOKE" ? "ChainedInvoke".length : kind.length);
    if (phase === "Started") {
      starts.set(event.Id, (starts.get(event.Id) ?? 0) + 1);
      op.startMs ??= at;
      if (event.ChainedInvokeStartedDetails?.FunctionName) op.functionName = event.ChainedInvokeStartedDetails.FunctionName;
    } else {
      op.endMs = at;
      op.status = phase.toUpperCase();
    }
    const attempt = event.StepSucceededDetails?.RetryDetails?.CurrentAttempt ?? event.StepFailedDetails?.RetryDetails?.CurrentAttempt;
    op.attempts = Math.max(op.attempts, starts.get(event.Id) ?? 0, attempt ?? 0, 1);
  }
  return {
    operations: [...operations.values()],
    invocations,
    bytesWritten,
    ...(executionStartMs !== undefined ? { executionStartMs } : {}),
    ...(executionEndMs !== undefined ? { executionEndMs } : {}),
  };
}

/** The first operation with this name (e.g. "prepare-order"). */
export function findOperation(summary: HistorySummary, name: string): OperationRecord | undefined {
  return summary.operations.find((op) => op.name === name);
}

/** The direct children of an operation. */
export function childrenOf(summary: HistorySummary, parentId: string): OperationRecord[] {
  return summary.operations.filter((op) => op.parentId === parentId);
}

/** All operations below one (children, grandchildren...). */
export function descendantsOf(summary: HistorySummary, parentId: string): OperationRecord[] {
  const found: OperationRecord[] = [];
  const queue = [parentId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const child of childrenOf(summary, id)) {
      found.push(child);
      queue.push(child.id);
    }
  }
  return found;
}
