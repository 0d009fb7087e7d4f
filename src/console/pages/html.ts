/**
 * The console's HTML building blocks. Pages are server-rendered with hono's `html`
 * tagged template, which escapes every interpolated value unless it is itself HTML.
 */
import { html, raw } from "hono/html";
import { formatUsd } from "../../domain/money";
import { isTerminal, type OrderStatus } from "../../domain/status";
import { formatDuration } from "../../local/cli/history-table";
import type { FailureReport } from "../errors";
import type { DisplayedPayload } from "../payload";

export { html, raw };
export type Html = ReturnType<typeof html>;

/** Default refresh interval of a page that is still changing (orders moving, executions running). */
export const LIVE_REFRESH_MS = 2000;

export type Section = "orders" | "executions";

export interface LayoutOptions {
  title: string;
  section: Section;
  targetLabel: string;
  body: Html;
  /** Re-fetch the `#live` part of the page this often (ms); absent = the page no longer changes. */
  refreshMs: number | undefined;
}

export function layout(options: LayoutOptions): Html {
  const nav = (section: Section, href: string, label: string) =>
    html`<a href="${href}"${options.section === section ? raw(' aria-current="page"') : ""}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Order console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/console.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Order console</a>
  <nav>${nav("orders", "/", "Orders")}${nav("executions", "/executions", "Executions")}</nav>
  <span class="target" title="What this console reads">${options.targetLabel}</span>
</header>
<main>
<div id="live"${options.refreshMs ? raw(` data-refresh-ms="${Math.round(options.refreshMs)}"`) : ""}>
${options.body}
</div>
<aside id="detail" class="detail" hidden></aside>
</main>
<dialog id="confirm">
  <form method="dialog" class="confirm">
    <h2 data-slot="title"></h2>
    <p data-slot="text"></p>
    <label data-slot="reason-label">Reason <span data-slot="reason-note"></span><textarea name="reason" rows="3" maxlength="500"></textarea></label>
    <div class="error" data-slot="error" role="alert" hidden></div>
    <div class="buttons"><button value="cancel" formnovalidate>Cancel</button><button value="confirm" class="primary" data-slot="confirm">Confirm</button></div>
  </form>
</dialog>
<div id="flash" role="status" hidden></div>
</body>
</html>`;
}

/** A list page's heading with its status filter (a select that submits itself; a button without script). */
export function filterBar(options: { title: string; action: string; statuses: readonly string[]; selected?: string; extra?: Html; note?: Html }): Html {
  const option = (status: string) => html`<option value="${status}"${options.selected === status ? raw(" selected") : ""}>${status}</option>`;
  return html`<form class="toolbar" method="get" action="${options.action}">
  <h1>${options.title}</h1>
  <label>Status <select name="status" data-autosubmit>
    <option value=""${options.selected ? "" : raw(" selected")}>all</option>
    ${options.statuses.map(option)}
  </select></label>
  ${options.extra ?? ""}
  <noscript><button>Filter</button></noscript>
  ${options.note ?? ""}
</form>`;
}

export function statusBadge(status: string): Html {
  return html`<span class="badge ${statusTone(status)}">${status}</span>`;
}

/** Colour group of an order status or an AWS status word. */
export function statusTone(status: string): "ok" | "bad" | "wait" | "run" | "idle" {
  switch (status) {
    case "completed":
    case "SUCCEEDED":
      return "ok";
    case "failed":
    case "rejected":
    case "approval-timed-out":
    case "FAILED":
    case "TIMED_OUT":
    case "STOPPED":
    case "CANCELLED":
      return "bad";
    case "awaiting-approval":
    case "PENDING":
      return "wait";
    case "STARTED":
    case "RUNNING":
      return "run";
    default:
      return isOrderInFlight(status) ? "run" : "idle";
  }
}

function isOrderInFlight(status: string): boolean {
  try {
    return !isTerminal(status as OrderStatus);
  } catch {
    return false;
  }
}

export function money(cents: number | undefined): string {
  return cents === undefined || !Number.isInteger(cents) ? "—" : formatUsd(cents);
}

/** "12 s ago", "3 min ago", "2 h ago", "4 days ago". */
export function age(iso: string | undefined, now: number): string {
  const at = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(at)) return "—";
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}

/** An absolute time with its age as a tooltip. */
export function when(iso: string | undefined, now: number): Html {
  if (!iso) return html`—`;
  return html`<time datetime="${iso}" title="${iso}">${age(iso, now)}</time>`;
}

export function duration(ms: number | undefined): string {
  return formatDuration(ms === undefined ? undefined : Math.max(0, Math.round(ms)));
}

export function failurePanel(failure: FailureReport): Html {
  return html`<div class="error" role="alert">
  <strong>${failure.title}</strong>
  <p><code>${failure.detail}</code></p>
  ${failure.hint ? html`<p class="hint">${failure.hint}</p>` : ""}
</div>`;
}

export function payloadBlock(label: string, payload: DisplayedPayload): Html {
  if (payload.text === "") return html``;
  return html`<div class="payload">
  <div class="payload-label">${label}${payload.truncatedByService ? html` <span class="note">(truncated by the service)</span>` : ""}</div>
  <pre>${payload.text}</pre>
  ${payload.omitted > 0 ? html`<div class="note">… ${payload.omitted.toLocaleString("en-US")} more characters not shown</div>` : ""}
</div>`;
}

/** `?a=1&b=2` from the set values, for links that keep a page's filters. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== "") search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
