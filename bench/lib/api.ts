/** The HTTP calls a client of the orders API makes, timed, and the execution behind an order. */
import type { LocalStack } from "../../src/local/stack";
import type { ExecutionSummary } from "../../src/local/lambda-service";

export interface PostedOrder {
  /** HTTP status; 0 when the request never got an answer. */
  status: number;
  orderId?: string;
  /** When the request was sent (epoch ms) and how long the answer took. */
  sentAtMs: number;
  latencyMs: number;
  error?: string;
}

export async function postOrder(apiUrl: string, order: unknown): Promise<PostedOrder> {
  const sentAtMs = Date.now();
  const started = performance.now();
  try {
    const response = await fetch(`${apiUrl}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    const latencyMs = performance.now() - started;
    const body = safeJson(text) as { orderId?: unknown } | undefined;
    const orderId = typeof body?.orderId === "string" ? body.orderId : undefined;
    return {
      status: response.status,
      sentAtMs,
      latencyMs,
      ...(orderId ? { orderId } : {}),
      ...(response.status === 202 ? {} : { error: `HTTP ${response.status}: ${text.slice(0, 200)}` }),
    };
  } catch (error) {
    return { status: 0, sentAtMs, latencyMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function postApproval(apiUrl: string, orderId: string, approved: boolean): Promise<number> {
  const response = await fetch(`${apiUrl}/orders/${encodeURIComponent(orderId)}/approval`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ approved }),
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function getOrderStatus(apiUrl: string, orderId: string): Promise<string | undefined> {
  const response = await fetch(`${apiUrl}/orders/${encodeURIComponent(orderId)}`, { signal: AbortSignal.timeout(10_000) });
  const body = safeJson(await response.text()) as { status?: unknown } | undefined;
  return response.status === 200 && typeof body?.status === "string" ? body.status : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The API names each order's execution `order-<orderId>` (src/adapters/lambda.ts). */
export function findOrderExecution(stack: LocalStack, orderId: string): ExecutionSummary | undefined {
  const name = `order-${orderId}`;
  return stack.lambdaService.listExecutions().find((execution) => execution.executionName === name);
}

/** Waits for the order's execution to exist (the API starts it asynchronously) and then to end. */
export async function waitForOrderExecution(stack: LocalStack, orderId: string, timeoutMs: number): Promise<ExecutionSummary> {
  const deadline = Date.now() + timeoutMs;
  let execution = findOrderExecution(stack, orderId);
  while (!execution) {
    if (Date.now() > deadline) throw new Error(`no execution was started for order ${orderId} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    execution = findOrderExecution(stack, orderId);
  }
  const remaining = Math.max(1, deadline - Date.now());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the execution of order ${orderId} did not end within ${timeoutMs} ms`)), remaining);
  });
  try {
    return await Promise.race([stack.lambdaService.waitForExecution(execution.executionArn), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the order reaches `status` (polling GET), e.g. awaiting-approval. */
export async function waitForOrderStatus(apiUrl: string, orderId: string, status: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await getOrderStatus(apiUrl, orderId).catch(() => undefined)) === status) return;
    if (Date.now() > deadline) throw new Error(`order ${orderId} did not reach ${status} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
