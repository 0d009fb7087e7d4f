/**
 * A durable execution's history (GetDurableExecutionHistory events) as a table a
 * person can read: one row per operation, nested under its parent, with its
 * type, final status, when it started and how long it took.
 */
import type { Event } from "@aws-sdk/client-lambda";

export interface HistoryRow {
  id: string;
  depth: number;
  name: string;
  /** e.g. `Step`, `Wait`, `Callback`, `Context/Parallel`, `ChainedInvoke`. */
  type: string;
  /** AWS's operation status words: STARTED, SUCCEEDED, FAILED, TIMED_OUT, STOPPED, CANCELLED. */
  status: string;
  /** Milliseconds after the execution started. */
  startOffsetMs: number;
  /** Absent while the operation is still open. */
  durationMs?: number;
  /** The callback id, an error, the attempt count… whatever explains the row. */
  detail: string;
}

const EVENT_KINDS = ["ChainedInvoke", "Execution", "Context", "Callback", "Step", "Wait"] as const;

const STATUS_BY_SUFFIX: Record<string, string> = {
  Started: "STARTED",
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Stopped: "STOPPED",
  Cancelled: "CANCELLED",
};

interface Accumulator {
  row: HistoryRow;
  parentId?: string;
  firstEventId: number;
  started: number;
  attempts: number;
}

export function historyRows(events: readonly Event[]): HistoryRow[] {
  const sorted = [...events].sort((a, b) => (a.EventId ?? 0) - (b.EventId ?? 0));
  const executionStart = time(sorted.find((event) => event.EventType === "ExecutionStarted") ?? sorted[0]);
  const byId = new Map<string, Accumulator>();

  for (const event of sorted) {
    const eventType = event.EventType ?? "";
    const kind = EVENT_KINDS.find((candidate) => eventType.startsWith(candidate));
    if (!kind) continue; // InvocationCompleted and anything newer
    const suffix = eventType.slice(kind.length);
    const id = event.Id ?? (kind === "Execution" ? "(execution)" : `(event ${event.EventId})`);
    let entry = byId.get(id);
    if (!entry) {
      entry = {
        row: {
          id,
          depth: 0,
          // The SDK leaves some children unnamed (a waitForCallback's callback and submitter).
          name: event.Name ?? `(${kind === "ChainedInvoke" ? "invoke" : kind.toLowerCase()})`,
          type: kind + (event.SubType && event.SubType !== kind ? `/${event.SubType}` : ""),
          status: "STARTED",
          startOffsetMs: time(event) - executionStart,
          detail: "",
        },
        ...(event.ParentId ? { parentId: event.ParentId } : {}),
        firstEventId: event.EventId ?? 0,
        started: time(event),
        attempts: 0,
      };
      byId.set(id, entry);
    }
    if (suffix === "Started") entry.attempts++;
    entry.row.status = STATUS_BY_SUFFIX[suffix] ?? suffix.toUpperCase();
    if (suffix !== "Started") entry.row.durationMs = time(event) - entry.started;
    const detail = describe(event, kind, suffix, entry.attempts);
    if (detail) entry.row.detail = detail;
  }

  for (const entry of byId.values()) {
    let depth = 0;
    let parent = entry.parentId;
    const seen = new Set<string>();
    while (parent && !seen.has(parent)) {
      seen.add(parent);
      depth++;
      parent = byId.get(parent)?.parentId;
    }
    entry.row.depth = depth;
  }
  return orderAsTree([...byId.values()]);
}

/** Parents before children, siblings in the order they started. */
function orderAsTree(entries: Accumulator[]): HistoryRow[] {
  const children = new Map<string | undefined, Accumulator[]>();
  const known = new Set(entries.map((entry) => entry.row.id));
  for (const entry of entries) {
    const parent = entry.parentId && known.has(entry.parentId) ? entry.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const rows: HistoryRow[] = [];
  const visit = (parent: string | undefined) => {
    for (const entry of (children.get(parent) ?? []).sort((a, b) => a.firstEventId - b.firstEventId)) {
      rows.push(entry.row);
      visit(entry.row.id);
    }
  };
  visit(undefined);
  return rows;
}

function describe(event: Event, kind: string, suffix: string, attempts: number): string | undefined {
  const details = (event as Record<string, unknown>)[`${event.EventType}Details`] as Record<string, unknown> | undefined;
  const error = (details?.Error as { Payload?: { ErrorType?: string; ErrorMessage?: string } } | undefined)?.Payload;
  if (error && (error.ErrorType || error.ErrorMessage)) return [error.ErrorType, error.ErrorMessage].filter(Boolean).join(": ");
  if (kind === "Callback" && suffix === "Started" && typeof details?.CallbackId === "string") return `callback id ${details.CallbackId}`;
  if (kind === "Wait" && suffix === "Started" && typeof details?.Duration === "number") return `wait ${details.Duration} s`;
  if (kind === "ChainedInvoke" && suffix === "Started" && typeof details?.FunctionName === "string") return `→ ${details.FunctionName}`;
  if (kind === "Step" && attempts > 1) return `attempt ${attempts}`;
  return undefined;
}

function time(event: Event | undefined): number {
  const stamp = event?.EventTimestamp;
  if (stamp instanceof Date) return stamp.getTime();
  if (typeof stamp === "number") return stamp;
  if (typeof stamp === "string") return new Date(stamp).getTime();
  return 0;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return "…";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return minutes < 60 ? `${minutes} min ${seconds} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const MAX_DETAIL = 100;

/** Plain text, fixed-width columns; the last column is not padded. */
export function formatHistoryTable(rows: readonly HistoryRow[]): string {
  const header = ["OPERATION", "TYPE", "STATUS", "START", "DURATION", "DETAIL"];
  const body = rows.map((row) => [
    `${"  ".repeat(row.depth)}${row.name}`,
    row.type,
    row.status,
    `+${formatDuration(row.startOffsetMs)}`,
    formatDuration(row.durationMs),
    row.detail.length > MAX_DETAIL ? `${row.detail.slice(0, MAX_DETAIL - 1)}…` : row.detail,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => cells[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}
