/** `/`: the orders, newest first, filtered by status, one page at a time. */
import { ORDER_STATUSES, type OrderStatus } from "../../domain/status";
import type { OrderSummary, OrdersPage } from "../data/orders";
import type { FailureReport } from "../errors";
import { failurePanel, filterBar, html, money, query, statusBadge, when, type Html } from "./html";

export interface OrdersPageView {
  status?: OrderStatus;
  /** `scan` when the reader asked for the table-scan listing. */
  scan: boolean;
  /** The cursor this page was read from; absent on the first page. */
  cursor?: string;
  result: OrdersPage | { failure: FailureReport };
  now: number;
}

export function ordersPage(view: OrdersPageView): Html {
  const filters = { status: view.status, source: view.scan ? "scan" : undefined };
  const toolbar = filterBar({
    title: "Orders",
    action: "/",
    statuses: ORDER_STATUSES,
    ...(view.status ? { selected: view.status } : {}),
    ...(view.scan ? { extra: html`<input type="hidden" name="source" value="scan">` } : {}),
    note: html`<span class="live-note note">Refreshes by itself</span>`,
  });

  if ("failure" in view.result) return html`${toolbar}${failurePanel(view.result.failure)}`;
  const page = view.result;
  const rows = page.orders.map((order) => orderRow(order, view.now));
  const pager = html`<nav class="pager">
  ${view.cursor ? html`<a href="/${query(filters)}">« Newest</a>` : ""}
  ${page.nextCursor ? html`<a href="/${query({ ...filters, cursor: page.nextCursor })}" rel="next">Older »</a>` : ""}
</nav>`;
  return html`${toolbar}
${notes(page, view)}
<table class="orders">
  <thead><tr><th>Order</th><th>Status</th><th class="num">Total</th><th class="num">Items</th><th>Customer</th><th>Created</th><th>Updated</th></tr></thead>
  <tbody>
  ${rows.length > 0 ? rows : html`<tr><td colspan="7" class="empty">${emptyText(page, view)}</td></tr>`}
  </tbody>
</table>
${pager}`;
}

function orderRow(order: OrderSummary, now: number): Html {
  const total = order.totalCents !== undefined ? money(order.totalCents) : html`${money(order.subtotalCents)} <span class="note" title="Subtotal: tax and shipping are not quoted yet">subtotal</span>`;
  return html`<tr data-order-id="${order.orderId}" data-status="${order.status}">
  <td><a href="/orders/${encodeURIComponent(order.orderId)}"><code>${order.orderId}</code></a></td>
  <td>${statusBadge(order.status)}</td>
  <td class="num">${total}</td>
  <td class="num">${order.itemCount}</td>
  <td>${order.customerId}</td>
  <td>${when(order.createdAt, now)}</td>
  <td>${when(order.updatedAt, now)}</td>
</tr>`;
}

function notes(page: OrdersPage, view: OrdersPageView): Html {
  if (page.indexMissing) {
    return html`<p class="note warn">This table has no <code>OrdersByCreatedDay</code> index (it was created before the index was added), so orders are listed by a table scan, unsorted across pages. Redeploy the template to add the index.</p>`;
  }
  if (page.source === "scan") {
    return html`<p class="note">Listed by a table scan: every order, including those written before they carried <code>createdDay</code>, in the table's order (newest first within a page). <a href="/${query({ status: view.status })}">Back to newest first</a></p>`;
  }
  return html`<p class="note">Newest first, from the <code>OrdersByCreatedDay</code> index. <a href="/${query({ status: view.status, source: "scan" })}">List by table scan</a> (includes orders written before the index).</p>`;
}

function emptyText(page: OrdersPage, view: OrdersPageView): string {
  const what = view.status ? `No ${view.status} orders` : "No orders";
  if (page.source === "index" && page.nextCursor && page.searchedBackTo) return `${what} created since ${page.searchedBackTo}. “Older” searches further back.`;
  return `${what}${view.cursor ? " on this page" : " yet"}.`;
}
