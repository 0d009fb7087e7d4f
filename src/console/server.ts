/**
 * The order console's HTTP server (hono): server-rendered pages over the orders table
 * and the Lambda durable execution APIs, two JSON actions (answer an approval, stop an
 * execution) and two static files. It listens on 127.0.0.1 only, answers only requests
 * addressed to a loopback host name (no DNS rebinding), and takes actions only as JSON
 * from its own pages (no cross-site form posts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { ExecutionStatus } from "@aws-sdk/client-lambda";
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { ORDER_ID_PATTERN } from "../api/routes/route";
import { APPROVAL_LIMITS, parseApprovalDecision } from "../domain/approval";
import { isOrderStatus, type OrderStatus } from "../domain/status";
import { durableExecutionName } from "../adapters/lambda";
import { EXECUTION_STATUSES, ExecutionsReader } from "./data/executions";
import { OrdersReader } from "./data/orders";
import { ConsoleInputError, describeFailure, type BackendService, type FailureReport } from "./errors";
import { failurePanel, html, layout, LIVE_REFRESH_MS, type Html, type Section } from "./pages/html";
import { executionPage, executionsPage, type ExecutionRow } from "./pages/executions-page";
import { operationDetail } from "./pages/operation-detail";
import { orderIsLive, orderPage, type ExecutionView } from "./pages/order-page";
import { ordersPage } from "./pages/orders-page";
import type { ConsoleTarget } from "./target";
import { buildTimeline } from "./timeline";

export const DEFAULT_CONSOLE_PORT = 3002;

const ASSETS_DIR = join(__dirname, "assets");
const ASSETS = {
  "console.css": "text/css; charset=utf-8",
  "console.js": "text/javascript; charset=utf-8",
} as const;
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "localhost", "[::1]"]);
const MAX_ACTION_BODY_BYTES = 16 * 1024;

export interface ConsoleAppOptions {
  /** The clock for ages and running bars (tests fix it). */
  now?: () => number;
  /** How often a changing page refreshes itself; default LIVE_REFRESH_MS (2 s). */
  refreshMs?: number;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: FailureReport };

export function createConsoleApp(target: ConsoleTarget, options: ConsoleAppOptions = {}): Hono {
  const now = options.now ?? Date.now;
  const refreshMs = options.refreshMs ?? LIVE_REFRESH_MS;
  const orders = new OrdersReader(target.dynamodb, target.ordersTable);
  const executions = new ExecutionsReader(target.lambda, target.workflowFunction);
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(join(ASSETS_DIR, name), "utf8")]));

  /** Runs one call to AWS; a failure becomes a report naming the service, never an exception out of the page. */
  const attempt = async <T>(service: BackendService, call: () => Promise<T>): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await call() };
    } catch (error) {
      if (error instanceof ConsoleInputError) throw error;
      return { ok: false, failure: describeFailure(error, service, target.locations[service]) };
    }
  };
  const page = (c: Context, section: Section, title: string, body: Html, live: boolean, status = 200) =>
    c.html(layout({ title, section, targetLabel: target.label, body, refreshMs: live ? refreshMs : undefined }), status as 200);

  const app = new Hono();

  app.use(async (c, next) => {
    const host = (c.req.header("host") ?? "").replace(/:\d+$/, "").toLowerCase();
    if (!LOOPBACK_HOSTS.has(host)) return c.text("The console answers only on 127.0.0.1 / localhost.", 421);
    await next();
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // The timeline positions its bars with style attributes; no script or URL is ever put in one.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      referrerPolicy: "no-referrer",
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header("cache-control", "no-store");
  });

  // ------------------------------------------------------------ actions (JSON)
  app.use("/api/*", bodyLimit({ maxSize: MAX_ACTION_BODY_BYTES, onError: (c) => c.json(errorBody("body", `the request body must be at most ${MAX_ACTION_BODY_BYTES} bytes`), 413) }));
  app.use("/api/*", async (c, next) => {
    const origin = c.req.header("origin");
    if (origin !== undefined && new URL(origin, "http://invalid").host !== c.req.header("host")) {
      return c.json(errorBody("origin", "actions are taken only from the console's own pages"), 403);
    }
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      return c.json(errorBody("content-type", "send the action as application/json"), 415);
    }
    await next();
  });

  app.post("/api/orders/:orderId/approval", async (c) => {
    const orderId = requireOrderId(c.req.param("orderId"));
    const body = await readJson(c);
    const { reason, ...decisionFields } = isRecord(body) ? body : {};
    const parsed = parseApprovalDecision({ ...decisionFields, ...(typeof reason === "string" && reason.trim() === "" ? {} : { reason }) });
    if (!parsed.ok) {
      const first = parsed.errors[0]!;
      throw new ConsoleInputError(first.field, `${first.field} ${first.message}`);
    }
    const decision = parsed.value;
    if (!decision.approved && !decision.reason) throw new ConsoleInputError("reason", "a rejection needs a reason (the order records it)");

    const order = await attempt("DynamoDB", () => orders.get(orderId));
    if (!order.ok) return c.json({ error: order.failure }, order.failure.status as 502);
    if (!order.value) throw new ConsoleInputError("orderId", `no order ${orderId} in ${target.ordersTable}`, 404);
    const callbackId = order.value.approval?.callbackId;
    if (!callbackId) throw new ConsoleInputError("orderId", `order ${orderId} has no approval callback (status: ${order.value.status})`, 409);

    const sent = await attempt("Lambda", () => executions.answerApproval(callbackId, decision));
    if (!sent.ok) return c.json({ error: sent.failure }, sent.failure.status as 502);
    const verb = decision.approved ? "Approved" : "Rejected";
    return c.json({ message: `${verb}: callback ${callbackId} answered; the workflow takes it from here.` }, 202);
  });

  app.post("/api/executions/stop", async (c) => {
    const body = await readJson(c);
    const fields = isRecord(body) ? body : {};
    const executionArn = requireArn(fields.executionArn, "executionArn");
    const reason = optionalReason(fields.reason);
    const stopped = await attempt("Lambda", () => executions.stop(executionArn, reason));
    if (!stopped.ok) return c.json({ error: stopped.failure }, stopped.failure.status as 502);
    return c.json({ message: `Stopped at ${stopped.value?.toISOString() ?? "now"}.` });
  });

  // ------------------------------------------------------------------- pages
  app.get("/", async (c) => {
    const status = optionalOrderStatus(c.req.query("status"));
    const cursor = c.req.query("cursor") || undefined;
    const scan = c.req.query("source") === "scan";
    const result = await attempt("DynamoDB", () => orders.list({ ...(status ? { status } : {}), ...(cursor ? { cursor } : {}), source: scan ? "scan" : "index", now: now() }));
    const body = ordersPage({ ...(status ? { status } : {}), scan, ...(cursor ? { cursor } : {}), result: result.ok ? result.value : { failure: result.failure }, now: now() });
    return page(c, "orders", "Orders", body, true, result.ok ? 200 : result.failure.status);
  });

  app.get("/orders/:orderId", async (c) => {
    const orderId = requireOrderId(c.req.param("orderId"));
    const order = await attempt("DynamoDB", () => orders.get(orderId));
    if (!order.ok) return page(c, "orders", `Order ${orderId}`, html`<h1>Order <code>${orderId}</code></h1>${failurePanel(order.failure)}`, true, order.failure.status);
    if (!order.value) {
      const body = html`<h1>Order <code>${orderId}</code></h1><p class="error">No order <code>${orderId}</code> in <code>${target.ordersTable}</code>.</p>`;
      return page(c, "orders", "Order not found", body, false, 404);
    }
    const execution = await executionOfOrder(orderId, order.value.executionArn);
    const view = { order: order.value, execution, now: now() };
    return page(c, "orders", `Order ${orderId}`, orderPage(view), orderIsLive(view));
  });

  const executionOfOrder = async (orderId: string, storedArn: string | undefined): Promise<ExecutionView> => {
    const arn = await attempt("Lambda", () => executions.forOrder(orderId, storedArn));
    if (!arn.ok) return { kind: "failed", failure: arn.failure, ...(storedArn ? { executionArn: storedArn } : {}) };
    if (!arn.value) return { kind: "missing" };
    const executionArn = arn.value;
    const history = await attempt("Lambda", () => executions.history(executionArn, false));
    if (!history.ok) return { kind: "failed", failure: history.failure, executionArn };
    const timeline = buildTimeline(history.value.events);
    const root = timeline.operations.find((operation) => operation.kind === "Execution");
    return { kind: "found", executionArn, status: root?.state, timeline, complete: history.value.complete };
  };

  app.get("/executions", async (c) => {
    const status = optionalExecutionStatus(c.req.query("status"));
    const marker = c.req.query("marker") || undefined;
    const listed = await attempt("Lambda", () => executions.list({ ...(status ? { statuses: [status] } : {}), ...(marker ? { marker } : {}) }));
    let result: { rows: ExecutionRow[]; nextMarker?: string } | { failure: FailureReport };
    if (!listed.ok) {
      result = { failure: listed.failure };
    } else {
      const candidates = new Map(listed.value.executions.map((execution) => [execution, orderIdOf(execution.DurableExecutionName)]));
      const ids = [...candidates.values()].filter((id): id is string => id !== undefined);
      const existing = await attempt("DynamoDB", () => orders.existing(ids));
      result = existing.ok
        ? {
            rows: listed.value.executions.map((execution) => {
              const orderId = candidates.get(execution);
              return { execution, ...(orderId && existing.value.has(orderId) ? { orderId } : {}) };
            }),
            ...(listed.value.nextMarker ? { nextMarker: listed.value.nextMarker } : {}),
          }
        : { failure: existing.failure };
    }
    const body = executionsPage({ workflowFunction: target.workflowFunction, ...(status ? { status } : {}), ...(marker ? { marker } : {}), result, now: now() });
    return page(c, "executions", "Executions", body, true, "failure" in result ? result.failure.status : 200);
  });

  app.get("/execution", async (c) => {
    const executionArn = requireArn(c.req.query("arn"), "arn");
    const described = await attempt("Lambda", () => executions.describe(executionArn));
    if (!described.ok) return page(c, "executions", "Execution", html`<h1>Execution</h1>${failurePanel(described.failure)}`, true, described.failure.status);
    const history = await attempt("Lambda", () => executions.history(executionArn, false));
    const candidate = orderIdOf(described.value.DurableExecutionName);
    const existing = candidate ? await attempt("DynamoDB", () => orders.existing([candidate])) : undefined;
    const body = executionPage({
      executionArn,
      execution: described.value,
      ...(candidate && existing?.ok && existing.value.has(candidate) ? { orderId: candidate } : {}),
      timeline: history.ok ? { timeline: buildTimeline(history.value.events), complete: history.value.complete } : { failure: history.failure },
      now: now(),
    });
    return page(c, "executions", `Execution ${described.value.DurableExecutionName ?? ""}`, body, described.value.Status === "RUNNING");
  });

  /** The detail panel of one operation: an HTML fragment for the page's script. */
  app.get("/executions/operation", async (c) => {
    const executionArn = requireArn(c.req.query("arn"), "arn");
    const operationId = c.req.query("op");
    if (!operationId || operationId.length > 200) throw new ConsoleInputError("op", "op must name an operation id");
    const history = await attempt("Lambda", () => executions.history(executionArn, true));
    if (!history.ok) return c.html(failurePanel(history.failure), history.failure.status as 502);
    const timeline = buildTimeline(history.value.events);
    const operation = timeline.operations.find((candidate) => candidate.id === operationId);
    if (!operation) return c.html(html`<p class="error">No operation <code>${operationId}</code> in this execution.</p>`, 404);
    return c.html(operationDetail(operation, timeline));
  });

  app.get("/assets/:name", (c) => {
    const name = c.req.param("name") as keyof typeof ASSETS;
    const body = assets.get(name);
    if (body === undefined) return c.text("not found", 404);
    return c.body(body, 200, { "content-type": ASSETS[name] });
  });

  app.notFound((c) => page(c, "orders", "Not found", html`<h1>Not found</h1><p>Nothing at <code>${c.req.path}</code>. <a href="/">Orders</a></p>`, false, 404));

  app.onError((error, c) => {
    if (error instanceof ConsoleInputError) {
      if (c.req.path.startsWith("/api/")) return c.json(errorBody(error.field, error.message), error.status);
      return page(c, "orders", "Bad request", html`<h1>Bad request</h1><p class="error"><code>${error.field}</code>: ${error.message}</p>`, false, error.status);
    }
    // A bug, not an AWS failure (those are reported where they happen): say so without a stack trace.
    const detail = `${error.name}: ${error.message}`;
    if (c.req.path.startsWith("/api/")) return c.json({ error: { title: "The console failed", detail } }, 500);
    return page(c, "orders", "Console error", html`<h1>The console failed</h1><p class="error"><code>${detail}</code></p>`, false, 500);
  });

  return app;
}

export interface RunningConsole {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface StartConsoleOptions extends ConsoleAppOptions {
  target: ConsoleTarget;
  /** 0 picks a free port; default 3002. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export async function startConsole(options: StartConsoleOptions): Promise<RunningConsole> {
  const app = createConsoleApp(options.target, options);
  const host = options.host ?? "127.0.0.1";
  const server = serve({ fetch: app.fetch, port: options.port ?? DEFAULT_CONSOLE_PORT, hostname: host, autoCleanupIncoming: true });
  await new Promise<void>((resolve, reject) => {
    if (server.listening) return resolve();
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        // Polling pages keep connections alive; drop them rather than wait for them to idle out.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      })),
  };
}

// ------------------------------------------------------------------ input

function requireOrderId(orderId: string | undefined): string {
  if (orderId === undefined || !ORDER_ID_PATTERN.test(orderId)) throw new ConsoleInputError("orderId", "the order id must be 1-58 characters of A-Z, a-z, 0-9, _ or -");
  return orderId;
}

function requireArn(value: unknown, field: string): string {
  if (typeof value !== "string" || !/^arn:[^\s]{1,1020}$/.test(value)) throw new ConsoleInputError(field, `${field} must be a durable execution ARN`);
  return value;
}

function optionalReason(value: unknown): string | undefined {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) return undefined;
  if (typeof value !== "string") throw new ConsoleInputError("reason", "reason must be a string");
  if (value.length > APPROVAL_LIMITS.maxReasonLength) throw new ConsoleInputError("reason", `reason must be at most ${APPROVAL_LIMITS.maxReasonLength} characters`);
  return value.trim();
}

function optionalOrderStatus(value: string | undefined): OrderStatus | undefined {
  if (value === undefined || value === "") return undefined;
  if (!isOrderStatus(value)) throw new ConsoleInputError("status", `status must be one of the order statuses (src/domain/status.ts), got "${value}"`);
  return value;
}

function optionalExecutionStatus(value: string | undefined): ExecutionStatus | undefined {
  if (value === undefined || value === "") return undefined;
  if (!(EXECUTION_STATUSES as readonly string[]).includes(value)) throw new ConsoleInputError("status", `status must be one of ${EXECUTION_STATUSES.join(", ")}`);
  return value as ExecutionStatus;
}

async function readJson(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw new ConsoleInputError("body", "the request body is not valid JSON");
  }
}

/** The order an execution's name points at (`order-<orderId>`), if it has that form. */
function orderIdOf(executionName: string | undefined): string | undefined {
  const orderId = executionName?.startsWith("order-") ? executionName.slice("order-".length) : undefined;
  return orderId && ORDER_ID_PATTERN.test(orderId) && durableExecutionName(orderId) === executionName ? orderId : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function errorBody(field: string, message: string): { error: { title: string; detail: string; field: string } } {
  return { error: { title: "Bad request", detail: message, field } };
}
