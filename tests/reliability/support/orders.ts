/**
 * Valid orders and the HTTP calls the reliability suites make against the local API.
 */
import { randomUUID } from "node:crypto";

export interface OrderItemInput {
  productId: string;
  name: string;
  quantity: number;
  price: number;
}

export interface OrderInputBody {
  customerId: string;
  customerEmail: string;
  shippingAddress: { line1?: string; city?: string; state: string; zip: string; country?: string };
  items: OrderItemInput[];
  paymentToken?: string;
}

/** Seed products (data/inventory-seed.json) with their list prices. */
export const PRODUCTS = {
  book: { productId: "BOOK-001", name: "Serverless Patterns (paperback)", price: 39.99 },
  mouse: { productId: "MOUSE-001", name: "Wireless Mouse", price: 24.99 },
  keyboard: { productId: "KEYBOARD-001", name: "Mechanical Keyboard", price: 89.5 },
  laptop: { productId: "LAPTOP-001", name: "Developer Laptop 14-inch", price: 1899.0 },
  server: { productId: "SERVER-001", name: "Rack Server 2U", price: 7499.0 },
  monitor: { productId: "MONITOR-001", name: "27-inch 4K Monitor", price: 329.95 },
  cable: { productId: "CABLE-001", name: "USB-C Cable 2 m", price: 9.99 },
} as const;

/** Payment tokens the payment worker treats specially (README "test triggers"). */
export const PAYMENT_TOKENS = { decline: "tok_decline", transient: "tok_transient" } as const;

/** A small order well under the approval threshold. */
export function smallOrder(overrides: Partial<OrderInputBody> = {}): OrderInputBody {
  return {
    customerId: "cust-reliability",
    customerEmail: "buyer@example.com",
    shippingAddress: { line1: "1 Main St", city: "Sacramento", state: "CA", zip: "95814", country: "US" },
    items: [
      { ...PRODUCTS.book, quantity: 2 },
      { ...PRODUCTS.mouse, quantity: 1 },
    ],
    ...overrides,
  };
}

/** An order above the default approval threshold ($5,000): it waits for a person. */
export function largeOrder(overrides: Partial<OrderInputBody> = {}): OrderInputBody {
  return smallOrder({ items: [{ ...PRODUCTS.server, quantity: 1 }], ...overrides });
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  /** A string is sent as UTF-8; bytes are sent as they are (and fetch then adds no content type). */
  body?: string | Uint8Array;
}

export async function send(apiUrl: string, request: RawRequest): Promise<HttpAnswer> {
  const response = await fetch(`${apiUrl}${request.path}`, {
    method: request.method ?? "POST",
    headers: request.headers ?? {},
    ...(request.body !== undefined ? { body: request.body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export function newIdempotencyKey(): string {
  return randomUUID();
}

export async function postOrder(apiUrl: string, order: unknown, idempotencyKey: string = newIdempotencyKey()): Promise<HttpAnswer> {
  return send(apiUrl, {
    path: "/orders",
    headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
    body: JSON.stringify(order),
  });
}

/** POSTs an order and returns its id; a failed POST fails the test with the answer in the message. */
export async function createOrder(apiUrl: string, order: OrderInputBody, idempotencyKey?: string): Promise<string> {
  const answer = await postOrder(apiUrl, order, idempotencyKey);
  const orderId = orderIdOf(answer);
  if (answer.status !== 202 || orderId === undefined) {
    throw new Error(`POST /orders answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  }
  return orderId;
}

/**
 * Like createOrder, but keeps trying with the same Idempotency-Key while the stack is
 * down or restarting (connection refused, 5xx): the key makes the retries safe.
 */
export async function createOrderWithRetry(apiUrl: () => string, order: OrderInputBody, timeoutMs: number): Promise<string> {
  const key = newIdempotencyKey();
  const deadline = Date.now() + timeoutMs;
  let last = "no attempt";
  while (Date.now() < deadline) {
    try {
      const answer = await postOrder(apiUrl(), order, key);
      const orderId = orderIdOf(answer);
      if ((answer.status === 202 || answer.status === 200) && orderId !== undefined) return orderId;
      last = `${answer.status} ${answer.text.slice(0, 300)}`;
      if (answer.status < 500 && answer.status !== 409) throw new Error(`POST /orders answered ${last}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("POST /orders answered")) throw error;
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`POST /orders did not succeed within ${timeoutMs} ms (last: ${last})`);
}

export function orderIdOf(answer: HttpAnswer): string | undefined {
  const body = answer.json;
  if (typeof body !== "object" || body === null) return undefined;
  const orderId = (body as Record<string, unknown>).orderId;
  return typeof orderId === "string" ? orderId : undefined;
}

export async function postApproval(apiUrl: string, orderId: string, decision: unknown): Promise<HttpAnswer> {
  return send(apiUrl, {
    path: `/orders/${encodeURIComponent(orderId)}/approval`,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(decision),
  });
}

/** The `{error:{code,message,details?}}` body every API error has, or undefined when the body is not that shape. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Array<{ field: string; message: string }>;
}

export function apiErrorOf(answer: HttpAnswer): ApiErrorBody | undefined {
  const body = answer.json;
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as Record<string, unknown>).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string" || code === "" || message === "") return undefined;
  if (details !== undefined && !Array.isArray(details)) return undefined;
  return error as ApiErrorBody;
}
