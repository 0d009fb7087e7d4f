/**
 * `/executions`: the orchestrator's durable executions by status
 * (ListDurableExecutionsByFunction), each marked with its order — or with none, which
 * is how an execution started without an order (a direct invoke) or whose order was
 * never written is found. `/execution?arn=`: one execution, with its timeline.
 */
import type { Execution, ExecutionStatus, GetDurableExecutionCommandOutput } from "@aws-sdk/client-lambda";
import { EXECUTION_STATUSES } from "../data/executions";
import type { FailureReport } from "../errors";
import { displayPayload, displayValue } from "../payload";
import type { Timeline } from "../timeline";
import { duration, failurePanel, filterBar, html, payloadBlock, query, statusBadge, when, type Html } from "./html";
import { stopButton } from "./order-page";
import { timelineView } from "./timeline-view";

export interface ExecutionRow {
  execution: Execution;
  /** The order the execution's name points at, when that order exists. */
  orderId?: string;
}

export interface ExecutionsPageView {
  workflowFunction: string;
  status?: ExecutionStatus;
  marker?: string;
  result: { rows: ExecutionRow[]; nextMarker?: string } | { failure: FailureReport };
  now: number;
}

export function executionsPage(view: ExecutionsPageView): Html {
  const toolbar = filterBar({
    title: "Executions",
    action: "/executions",
    statuses: EXECUTION_STATUSES,
    ...(view.status ? { selected: view.status } : {}),
    note: html`<span class="note">of <code>${view.workflowFunction}</code>, newest first</span>`,
  });
  if ("failure" in view.result) return html`${toolbar}${failurePanel(view.result.failure)}`;
  const { rows, nextMarker } = view.result;
  return html`${toolbar}
<table class="executions">
  <thead><tr><th>Execution</th><th>Status</th><th>Order</th><th>Started</th><th class="num">Duration</th></tr></thead>
  <tbody>
  ${rows.length === 0 ? html`<tr><td colspan="5" class="empty">No ${view.status ?? ""} executions${view.marker ? " on this page" : ""}.</td></tr>` : rows.map((row) => executionRow(row, view.now))}
  </tbody>
</table>
<nav class="pager">
  ${view.marker ? html`<a href="/executions${query({ status: view.status })}">« Newest</a>` : ""}
  ${nextMarker ? html`<a href="/executions${query({ status: view.status, marker: nextMarker })}" rel="next">Older »</a>` : ""}
</nav>`;
}

function executionRow({ execution, orderId }: ExecutionRow, now: number): Html {
  const started = execution.StartTimestamp;
  const ended = execution.EndTimestamp;
  const arn = execution.DurableExecutionArn ?? "";
  return html`<tr data-execution-name="${execution.DurableExecutionName ?? ""}" data-has-order="${orderId ? "yes" : "no"}">
  <td><a href="/execution${query({ arn })}"><code>${execution.DurableExecutionName ?? arn}</code></a></td>
  <td>${statusBadge(execution.Status ?? "")}</td>
  <td>${orderId ? html`<a href="/orders/${encodeURIComponent(orderId)}"><code>${orderId}</code></a>` : html`<span class="badge bad">no order</span>`}</td>
  <td>${when(started?.toISOString(), now)}</td>
  <td class="num">${started && ended ? duration(ended.getTime() - started.getTime()) : "…"}</td>
</tr>`;
}

export interface ExecutionPageView {
  executionArn: string;
  execution: GetDurableExecutionCommandOutput;
  orderId?: string;
  timeline: { timeline: Timeline; complete: boolean } | { failure: FailureReport };
  now: number;
}

export function executionPage(view: ExecutionPageView): Html {
  const { execution } = view;
  const status = execution.Status ?? "";
  const started = execution.StartTimestamp;
  const ended = execution.EndTimestamp;
  return html`<nav class="crumbs"><a href="/executions">Executions</a> / <code>${execution.DurableExecutionName ?? view.executionArn}</code></nav>
<div class="section-head">
  <h1>Execution <code>${execution.DurableExecutionName ?? ""}</code> ${statusBadge(status)}</h1>
  ${status === "RUNNING" ? stopButton(view.executionArn) : ""}
</div>
<section class="card">
  <dl class="facts">
    <dt>ARN</dt><dd><code>${view.executionArn}</code></dd>
    <dt>Function</dt><dd><code>${execution.FunctionArn ?? ""}</code></dd>
    <dt>Order</dt><dd>${view.orderId ? html`<a href="/orders/${encodeURIComponent(view.orderId)}"><code>${view.orderId}</code></a>` : html`<span class="badge bad">no order</span>`}</dd>
    <dt>Started</dt><dd>${when(started?.toISOString(), view.now)} <span class="note">${started?.toISOString() ?? ""}</span></dd>
    <dt>Duration</dt><dd>${started && ended ? duration(ended.getTime() - started.getTime()) : "running"}</dd>
  </dl>
  ${execution.InputPayload !== undefined ? payloadBlock("Input", displayPayload(execution.InputPayload)) : ""}
  ${execution.Result !== undefined ? payloadBlock("Result", displayPayload(execution.Result)) : ""}
  ${execution.Error ? payloadBlock("Error", displayValue(execution.Error)) : ""}
</section>
<section class="card">
  <h2>Operations</h2>
  ${"failure" in view.timeline
    ? failurePanel(view.timeline.failure)
    : timelineView(view.timeline.timeline, { executionArn: view.executionArn, now: view.now, complete: view.timeline.complete })}
</section>`;
}
