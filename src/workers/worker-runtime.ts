/**
 * The shape every worker handler shares: check the request, simulate the downstream's
 * latency and flakiness, do the work, log one line. Business refusals come back as data;
 * only transient trouble is thrown, so the orchestrator retries exactly that.
 */
import type { Context } from "aws-lambda";
import type { z } from "zod/mini";
import { parseWith } from "../domain/validation";
import { countMetric } from "../observability/metrics";
import type { WorkerFailure } from "./contracts";
import { logWorkerCall, startWorkerCall } from "./log";
import { simulate, type WorkerName } from "./simulation";

export async function runWorker<TRequest extends { action: string; orderId: string }, TResponse extends { ok: boolean }>(
  worker: WorkerName,
  schema: z.ZodMiniType<TRequest>,
  event: unknown,
  perform: (request: TRequest) => Promise<TResponse>,
  lambdaContext?: Context,
): Promise<TResponse | WorkerFailure> {
  const parsed = parseWith(schema, event);
  startWorkerCall(worker, lambdaContext, parsed.ok ? parsed.value.orderId : undefined);
  if (!parsed.ok) {
    logWorkerCall(worker, { outcome: "invalid", reason: "INVALID_REQUEST" });
    const message = parsed.errors.map(({ field, message }) => `${field}: ${message}`).join("; ");
    return { ok: false, reason: "INVALID_REQUEST", message };
  }
  const { action, orderId } = parsed.value;
  try {
    await simulate(worker);
    const response = await perform(parsed.value);
    const reason = !response.ok && "reason" in response ? String(response.reason) : undefined;
    logWorkerCall(worker, { orderId, action, outcome: response.ok ? "ok" : "refused", ...(reason ? { reason } : {}) });
    return response;
  } catch (error) {
    logWorkerCall(worker, { orderId, action, outcome: "transient-error", reason: error instanceof Error ? error.name : "unknown" });
    countMetric("WorkerErrors", { Worker: worker });
    throw error;
  }
}

export function refuse(reason: WorkerFailure["reason"], message: string): WorkerFailure {
  return { ok: false, reason, message };
}
