/**
 * `/orders/<orderId>`: one order's whole life — its facts, the approval it waits for
 * (with Approve and Reject), its status history, the durable operations of its
 * execution on a timeline (with Stop while it runs), and the compensations that ran.
 */
import { isTerminal } from "../../domain/status";
import type { ConsoleOrder } from "../data/orders";
import type { FailureReport } from "../errors";
import type { Timeline } from "../timeline";
import { duration, failurePanel, html, money, query, statusBadge, when, type Html } from "./html";
import { timelineView } from "./timeline-view";

export type ExecutionView =
  | { kind: "found"; executionArn: string; status: string | undefined; timeline: Timeline; complete: boolean }
  | { kind: "missing" }
  | { kind: "failed"; failure: FailureReport; executionArn?: string };

export interface OrderPageView {
  order: ConsoleOrder;
  execution: ExecutionView;
  now: number;
}

/** The page keeps refreshing while the order or its execution can still change. */
export function orderIsLive(view: OrderPageView): boolean {
  return !isTerminal(view.order.status) || (view.execution.kind === "found" && view.execution.status === "RUNNING") || view.execution.kind === "failed";
}

export function orderPage(view: OrderPageView): Html {
  const { order, now } = view;
  return html`<nav class="crumbs"><a href="/">Orders</a> / <code>${order.orderId}</code></nav>
<h1>Order <code>${order.orderId}</code> ${statusBadge(order.status)}</h1>
${approvalSection(order, now)}
<div class="columns">
  ${factsSection(order, now)}
  ${historySection(order)}
</div>
${executionSection(view)}
${compensationsSection(order, now)}`;
}

function factsSection(order: ConsoleOrder, now: number): Html {
  const totals = order.totals;
  return html`<section class="card">
  <h2>Order</h2>
  <dl class="facts">
    <dt>Total</dt><dd>${totals ? html`<strong>${money(totals.totalCents)}</strong> <span class="note">(${money(totals.subtotalCents)} + ${money(totals.taxCents)} tax + ${money(totals.shippingCents)} shipping)</span>` : html`<span class="note">not quoted yet</span>`}</dd>
    <dt>Customer</dt><dd>${order.customerId}</dd>
    <dt>Created</dt><dd>${when(order.createdAt, now)} <span class="note">${order.createdAt}</span></dd>
    <dt>Updated</dt><dd>${when(order.updatedAt, now)}</dd>
    ${order.trackingNumber ? html`<dt>Tracking</dt><dd><code>${order.trackingNumber}</code></dd>` : ""}
    ${order.invoiceNumber ? html`<dt>Invoice</dt><dd><code>${order.invoiceNumber}</code></dd>` : ""}
    ${order.failureReason ? html`<dt>Why it stopped</dt><dd class="bad-text">${order.failureReason}</dd>` : ""}
  </dl>
  <table class="items">
    <thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Unit price</th></tr></thead>
    <tbody>${(order.items ?? []).map((item) => html`<tr><td>${item.name} <span class="note">${item.productId}</span></td><td class="num">${item.quantity}</td><td class="num">${money(item.unitPriceCents)}</td></tr>`)}</tbody>
  </table>
</section>`;
}

function approvalSection(order: ConsoleOrder, now: number): Html {
  const approval = order.approval;
  if (!approval) return html``;
  if (order.status === "awaiting-approval" && approval.callbackId) {
    const url = `/api/orders/${encodeURIComponent(order.orderId)}/approval`;
    return html`<section class="card approval waiting" data-callback-id="${approval.callbackId}">
  <h2>Waiting for approval</h2>
  <p>Requested ${when(approval.requestedAt, now)}: the total is above the approval threshold of ${money(approval.thresholdCents)}. The answer goes to the workflow as the result of its durable callback <code>${approval.callbackId}</code>.</p>
  <div class="buttons">
    <button type="button" class="primary ok" data-action="approve" data-url="${url}" data-body="${JSON.stringify({ approved: true })}" data-reason="optional"
      data-confirm-title="Approve order ${order.orderId}?" data-confirm-text="The workflow goes on to reserve stock, capture the payment and ship.">Approve</button>
    <button type="button" class="danger" data-action="reject" data-url="${url}" data-body="${JSON.stringify({ approved: false })}" data-reason="required"
      data-confirm-title="Reject order ${order.orderId}?" data-confirm-text="The workflow voids the payment authorization and ends the order as rejected.">Reject</button>
  </div>
</section>`;
  }
  if (!approval.decision) return html``;
  return html`<section class="card approval">
  <h2>Approval</h2>
  <p>${statusBadge(approval.decision)} ${when(approval.decidedAt, now)}${approval.reason ? html` — “${approval.reason}”` : ""} <span class="note">(threshold ${money(approval.thresholdCents)}, requested ${approval.requestedAt})</span></p>
</section>`;
}

function historySection(order: ConsoleOrder): Html {
  const history = order.statusHistory ?? [];
  const first = history[0] ? Date.parse(history[0].at) : Number.NaN;
  return html`<section class="card">
  <h2>Status history</h2>
  <ol class="status-history">
    ${history.map((entry) => html`<li>${statusBadge(entry.status)} <time datetime="${entry.at}" title="${entry.at}">${Number.isNaN(first) ? entry.at : `+${duration(Date.parse(entry.at) - first)}`}</time></li>`)}
  </ol>
</section>`;
}

function executionSection(view: OrderPageView): Html {
  const execution = view.execution;
  const heading = (arn: string | undefined, status: string | undefined) => html`<div class="section-head">
  <h2>Durable execution ${status ? statusBadge(status) : ""}</h2>
  ${arn ? html`<a href="/execution${query({ arn })}" class="note"><code>${arn}</code></a>` : ""}
  ${arn && status === "RUNNING" ? stopButton(arn) : ""}
</div>`;
  switch (execution.kind) {
    case "missing":
      return html`<section class="card">${heading(undefined, undefined)}<p class="note">No durable execution found for this order (none named <code>order-${view.order.orderId}</code>, and none stored on the order). It may not have started yet.</p></section>`;
    case "failed":
      return html`<section class="card">${heading(execution.executionArn, undefined)}${failurePanel(execution.failure)}</section>`;
    case "found":
      return html`<section class="card">${heading(execution.executionArn, execution.status)}${timelineView(execution.timeline, { executionArn: execution.executionArn, now: view.now, complete: execution.complete })}</section>`;
    default:
      return execution satisfies never;
  }
}

export function stopButton(executionArn: string): Html {
  return html`<button type="button" class="danger small" data-action="stop" data-url="/api/executions/stop" data-body="${JSON.stringify({ executionArn })}" data-reason="optional"
  data-confirm-title="Stop this execution?" data-confirm-text="StopDurableExecution ends it as STOPPED at once and no compensation runs in it; within a minute the re-driver gives back what the order holds and records it failed.">Stop execution</button>`;
}

function compensationsSection(order: ConsoleOrder, now: number): Html {
  const compensations = order.compensations ?? [];
  return html`<section class="card">
  <h2>Compensations</h2>
  ${compensations.length === 0
    ? html`<p class="note">${isTerminal(order.status) ? "None ran." : "None so far."}</p>`
    : html`<table class="compensations">
    <thead><tr><th>Action</th><th>Outcome</th><th>When</th><th>Detail</th></tr></thead>
    <tbody>${compensations.map((entry) => html`<tr><td><code>${entry.action}</code></td><td>${statusBadge(entry.status === "succeeded" ? "SUCCEEDED" : "FAILED")}</td><td>${when(entry.at, now)}</td><td>${entry.detail ?? ""}</td></tr>`)}</tbody>
  </table>`}
</section>`;
}
