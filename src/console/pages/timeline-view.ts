/**
 * The operations of a durable execution on one time axis: a row per operation,
 * indented under its parent, with a bar from its start to its end. A step's attempts
 * and the execution's invocations are drawn as solid pieces on a faint bar, so a retry
 * backoff or a suspension shows as the gap between them. Clicking a row opens its
 * input, result and errors (loaded from /executions/operation).
 */
import type { Timeline, TimelineOperation } from "../timeline";
import { duration, html, query, statusTone, type Html } from "./html";

const TICKS = [0, 0.25, 0.5, 0.75, 1] as const;
/** Narrower bars would vanish; a 2 ms step in a 24-hour execution still shows. */
const MIN_WIDTH_PERCENT = 0.4;

export interface TimelineViewOptions {
  executionArn: string;
  now: number;
  /** The history was longer than the console reads. */
  complete: boolean;
}

export function timelineView(timeline: Timeline, options: TimelineViewOptions): Html {
  const start = timeline.startMs;
  const end = Math.max(timeline.endMs ?? options.now, ...timeline.operations.map((operation) => operation.endMs ?? 0), start + 1);
  const span = end - start;
  const percent = (at: number) => Math.min(100, Math.max(0, ((at - start) / span) * 100));
  const bar = (from: number, to: number | undefined) => {
    const left = percent(from);
    const width = Math.max(MIN_WIDTH_PERCENT, percent(to ?? end) - left);
    return `left:${left.toFixed(3)}%;width:${Math.min(width, 100 - left + MIN_WIDTH_PERCENT).toFixed(3)}%`;
  };

  const row = (operation: TimelineOperation) => {
    const tone = statusTone(operation.state);
    const pieces = operation.kind === "Execution" || operation.spans.length > 1;
    const label = `${operation.name}: ${operation.kind}${operation.subType ? `/${operation.subType}` : ""}, ${operation.state}`;
    return html`<li class="tl-row" data-op-id="${operation.id}" tabindex="0" role="button" aria-label="${label}"
  data-detail-url="/executions/operation${query({ arn: options.executionArn, op: operation.id })}">
  <span class="tl-name" style="padding-left:${(operation.depth * 1.1).toFixed(1)}rem">
    <span class="tl-kind">${kindLabel(operation)}</span> <span class="tl-op">${operation.name}</span>
    ${operation.summary ? html`<span class="tl-summary" title="${operation.summary}">${operation.summary}</span>` : ""}
  </span>
  <span class="tl-track">
    <span class="tl-bar kind-${operation.kind.toLowerCase()} tone-${tone}${pieces ? " faint" : ""}" style="${bar(operation.startMs, operation.endMs)}"></span>
    ${pieces ? operation.spans.map((piece) => html`<span class="tl-piece outcome-${piece.outcome}" style="${bar(piece.startMs, piece.endMs)}"></span>`) : ""}
  </span>
  <span class="tl-state"><span class="badge ${tone}">${operation.state}</span>${operation.attempts > 1 ? html` <span class="note">×${operation.attempts}</span>` : ""}</span>
  <span class="tl-dur">${operation.endMs === undefined ? "…" : duration(operation.endMs - operation.startMs)}</span>
</li>`;
  };

  return html`<div class="timeline">
  <div class="tl-axis" aria-hidden="true">
    <span>Operation</span>
    <span class="tl-ticks">${TICKS.map((fraction) => html`<span style="left:${fraction * 100}%">${fraction === 0 ? "0" : `+${duration(span * fraction)}`}</span>`)}</span>
    <span>Status</span><span>Duration</span>
  </div>
  <ol class="tl-rows">${timeline.operations.map(row)}</ol>
  <p class="legend note">Solid pieces: a step's attempts and the execution's Lambda invocations (between them it waited or was suspended). Striped: waits and callbacks. Click an operation for its input, result and errors.</p>
  ${options.complete ? "" : html`<p class="note">The history is longer than the console reads; later operations are not shown.</p>`}
</div>`;
}

function kindLabel(operation: TimelineOperation): string {
  if (operation.kind === "ChainedInvoke") return "Invoke";
  return operation.subType && operation.kind === "Context" ? operation.subType : operation.kind;
}
