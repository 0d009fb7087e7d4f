/**
 * A durable execution's history (GetDurableExecutionHistory events) as the console
 * draws it: one entry per operation, parents before children, each with the spans it
 * was active in — the attempts of a step (a retry or a waitForCondition poll leaves a
 * gap), the invocations of the execution itself (the gaps are where it was suspended).
 */
import type { ErrorObject, Event } from "@aws-sdk/client-lambda";

export const OPERATION_KINDS = ["Execution", "Step", "Wait", "Callback", "ChainedInvoke", "Context"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** AWS's operation status words, PENDING for a step waiting for its next attempt, RUNNING for an open execution. */
export type OperationState = "STARTED" | "RUNNING" | "PENDING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED" | "CANCELLED";

export interface Span {
  startMs: number;
  /** Absent while it is still running. */
  endMs?: number;
  outcome: "running" | "succeeded" | "failed";
}

export interface TimelineOperation {
  id: string;
  parentId?: string;
  depth: number;
  name: string;
  kind: OperationKind;
  /** The SDK's subtype: Parallel, Map, WaitForCallback, WaitForCondition, … */
  subType?: string;
  state: OperationState;
  startMs: number;
  /** Absent while the operation is open. */
  endMs?: number;
  /** Attempts of a step, invocations of the execution; one span for the rest. */
  spans: Span[];
  /** Started attempts (steps) or invocations (the execution). */
  attempts: number;
  /** What explains the row: the callback id, the wait, the invoked function, the error. */
  summary?: string;
  /** Every event of this operation, in order, for its detail view. */
  events: Event[];
}

export interface Timeline {
  startMs: number;
  /** Absent while the execution runs. */
  endMs?: number;
  operations: TimelineOperation[];
}

const CLOSING_STATES: ReadonlySet<string> = new Set<OperationState>(["SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED", "CANCELLED"]);

/** An event type's suffix as AWS's status word: `TimedOut` → `TIMED_OUT`. */
function stateOf(suffix: string): OperationState {
  const word = suffix.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
  return CLOSING_STATES.has(word) ? (word as OperationState) : "STARTED";
}

export function buildTimeline(events: readonly Event[]): Timeline {
  const sorted = [...events].sort((a, b) => (a.EventId ?? 0) - (b.EventId ?? 0));
  const operations = new Map<string, TimelineOperation>();
  let execution: TimelineOperation | undefined;

  for (const event of sorted) {
    if (event.EventType === "InvocationCompleted") {
      if (execution) addInvocation(execution, event);
      continue;
    }
    const kind = kindOf(event.EventType);
    if (!kind) continue;
    const suffix = (event.EventType ?? "").slice(kind.length);
    const id = event.Id ?? (kind === "Execution" ? "(execution)" : `(event ${event.EventId ?? "?"})`);
    const at = millis(event.EventTimestamp);
    let operation = operations.get(id);
    if (!operation) {
      operation = {
        id,
        ...(event.ParentId && event.ParentId !== id ? { parentId: event.ParentId } : {}),
        depth: 0,
        // The SDK leaves some children unnamed: a waitForCallback's callback and its submitter step.
        name: event.Name ?? `(${kind === "ChainedInvoke" ? "invoke" : kind.toLowerCase()})`,
        kind,
        ...(event.SubType && event.SubType !== kind ? { subType: event.SubType } : {}),
        state: "STARTED",
        startMs: at,
        spans: [],
        attempts: 0,
        events: [],
      };
      operations.set(id, operation);
      if (kind === "Execution") execution = operation;
    }
    operation.events.push(event);
    apply(operation, kind, suffix, event, at);
  }

  const ordered = treeOrder([...operations.values()]);
  const startMs = execution?.startMs ?? ordered[0]?.startMs ?? 0;
  return { startMs, ...(execution?.endMs !== undefined ? { endMs: execution.endMs } : {}), operations: ordered };
}

function apply(operation: TimelineOperation, kind: OperationKind, suffix: string, event: Event, at: number): void {
  const details = detailsOf(event);
  const retry = details?.RetryDetails as { NextAttemptDelaySeconds?: number } | undefined;
  const retrying = kind === "Step" && retry?.NextAttemptDelaySeconds !== undefined && suffix !== "Started";

  if (suffix === "Started") {
    if (kind !== "Execution") operation.spans.push({ startMs: at, outcome: "running" });
    operation.attempts++;
  } else if (kind !== "Execution") {
    let span = operation.spans.at(-1);
    // A step whose START was not checkpointed (the SDK does not wait for it) still gets its span.
    if (!span || span.endMs !== undefined) {
      span = { startMs: at, outcome: "running" };
      operation.spans.push(span);
    }
    span.endMs = at;
    span.outcome = suffix === "Succeeded" ? "succeeded" : "failed";
    if (operation.attempts === 0) operation.attempts = 1;
  }

  operation.state = retrying ? "PENDING" : kind === "Execution" && suffix === "Started" ? "RUNNING" : stateOf(suffix);
  if (suffix !== "Started" && !retrying) operation.endMs = at;
  if (retrying) delete operation.endMs;

  const summary = summarize(kind, suffix, details, operation.attempts, retry?.NextAttemptDelaySeconds);
  if (summary) operation.summary = summary;
}

/** The execution's row shows the Lambda invocations that ran it; between them it was suspended. */
function addInvocation(execution: TimelineOperation, event: Event): void {
  const details = event.InvocationCompletedDetails;
  const endMs = millis(details?.EndTimestamp ?? event.EventTimestamp);
  const startMs = details?.StartTimestamp ? millis(details.StartTimestamp) : endMs;
  execution.spans.push({ startMs, endMs, outcome: details?.Error?.Payload ? "failed" : "succeeded" });
  execution.attempts = execution.spans.length;
  execution.events.push(event);
}

function summarize(kind: OperationKind, suffix: string, details: Record<string, unknown> | undefined, attempts: number, retryDelay: number | undefined): string | undefined {
  const error = errorOf(details);
  const errorText = error && [error.ErrorType, error.ErrorMessage].filter(Boolean).join(": ");
  if (kind === "Step" && retryDelay !== undefined) return `attempt ${attempts}${errorText ? ` failed (${errorText})` : ""}, next in ${retryDelay} s`;
  if (errorText) return errorText;
  if (kind === "Callback" && suffix === "Started" && typeof details?.CallbackId === "string") return `callback id ${details.CallbackId}`;
  if (kind === "Wait" && suffix === "Started" && typeof details?.Duration === "number") return `wait ${details.Duration} s`;
  if (kind === "ChainedInvoke" && suffix === "Started" && typeof details?.FunctionName === "string") return `→ ${details.FunctionName}`;
  if (kind === "Step" && attempts > 1) return `${attempts} attempts`;
  return undefined;
}

/** Parents before children; siblings in the order they started. */
function treeOrder(operations: TimelineOperation[]): TimelineOperation[] {
  const known = new Set(operations.map((operation) => operation.id));
  const children = new Map<string | undefined, TimelineOperation[]>();
  for (const operation of operations) {
    const parent = operation.parentId !== undefined && known.has(operation.parentId) ? operation.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), operation]);
  }
  const ordered: TimelineOperation[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const child of children.get(parent) ?? []) {
      child.depth = depth;
      ordered.push(child);
      visit(child.id, depth + 1);
    }
  };
  visit(undefined, 0);
  // A cycle in ParentId would leave operations unvisited; show them at the top level rather than drop them.
  for (const operation of operations) if (!ordered.includes(operation)) ordered.push(operation);
  return ordered;
}

function kindOf(eventType: string | undefined): OperationKind | undefined {
  return OPERATION_KINDS.find((kind) => eventType?.startsWith(kind));
}

/** The `<EventType>Details` member of an event. */
export function detailsOf(event: Event): Record<string, unknown> | undefined {
  const value = (event as Record<string, unknown>)[`${event.EventType ?? ""}Details`];
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

function errorOf(details: Record<string, unknown> | undefined): ErrorObject | undefined {
  const payload = (details?.Error as { Payload?: ErrorObject } | undefined)?.Payload;
  return payload && (payload.ErrorType || payload.ErrorMessage) ? payload : undefined;
}

function millis(stamp: Date | number | string | undefined): number {
  if (stamp instanceof Date) return stamp.getTime();
  if (typeof stamp === "number") return stamp;
  if (typeof stamp === "string") return new Date(stamp).getTime();
  return 0;
}
