/**
 * The shape every worker handler shares: check the request, simulate the downstream's
 * latency and flakiness, do the work, log one line. Business refusals come back as data;
 * only transient trouble is thrown, so the orchestrator retries exactly that.
 */
import type { z } from "zod";
import { formatPath } from "../domain/order";
import type { WorkerFailure } from "./contracts";
import { logWorkerCall } from "./log";
import { simulate, type WorkerName } from "./simulation";

export async function runWorker<TRequest extends { action: string; orderId: string }, TResponse extends { ok: boolean }>(
  worker: WorkerName,
  schema: z.ZodType<TRequest>,
  event: unknown,
  perform: (request: TRequest) => Promise<TResponse>,
): Promise<TResponse | WorkerFailure> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) {
    logWorkerCall(worker, { outcome: "invalid", reason: "INVALID_REQUEST" });
    const message = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join("; ");
    return { ok: false, reason: "INVALID_REQUEST", message };
  }
  const { action, orderId } = parsed.data;
  try {
    await simulate(worker);
    const response = await perform(parsed.data);
    const reason = !response.ok && "reason" in response ? String(response.reason) : undefined;
    logWorkerCall(worker, { orderId, action, outcome: response.ok ? "ok" : "refused", ...(reason ? { reason } : {}) });
    return response;
  } catch (error) {
    logWorkerCall(worker, { orderId, action, outcome: "transient-error", reason: error instanceof Error ? error.name : "unknown" });
    throw error;
  }
}

export function refuse(reason: WorkerFailure["reason"], message: string): WorkerFailure {
  return { ok: false, reason, message };
}
