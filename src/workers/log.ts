/**
 * One JSON line per worker call. Only identifiers and outcomes are logged: never the
 * customer's email, address or payment token.
 */
import type { WorkerName } from "./simulation";

export interface WorkerLogFields {
  orderId?: string;
  action?: string;
  outcome: "ok" | "refused" | "invalid" | "transient-error";
  reason?: string;
}

export function logWorkerCall(worker: WorkerName, fields: WorkerLogFields): void {
  const level = fields.outcome === "transient-error" ? "WARN" : "INFO";
  console.log(JSON.stringify({ level, worker, ...fields }));
}
