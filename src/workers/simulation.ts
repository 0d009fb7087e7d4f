/**
 * Stand-ins for a real downstream's behaviour: latency, and transient failures for chaos
 * runs. Both come from the environment (WORKER_LATENCY_MS, WORKER_FAILURE_RATE) so a
 * deployed stack can be made slow or flaky without a code change.
 */
import { numberEnv } from "../adapters/env";

export type WorkerName = "inventory" | "payment" | "shipping" | "tax";

/** Latency of the seed pattern's workers, used when WORKER_LATENCY_MS is absent. */
export const DEFAULT_LATENCY_MS = { inventory: 150, payment: 200, shipping: 100, tax: 125 } as const satisfies Record<WorkerName, number>;

/** Trouble worth retrying (timeouts, throttling, injected chaos). Business refusals are never thrown. */
export class TransientWorkerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TransientWorkerError";
  }
}

export interface SimulationHooks {
  /** Uniform in [0, 1); tests pass a fixed source. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function latencyMs(worker: WorkerName): number {
  return Math.max(0, numberEnv("WORKER_LATENCY_MS", DEFAULT_LATENCY_MS[worker]));
}

export function failureRate(): number {
  return Math.min(1, Math.max(0, numberEnv("WORKER_FAILURE_RATE", 0)));
}

/** Waits the configured latency, then fails with probability WORKER_FAILURE_RATE. */
export async function simulate(worker: WorkerName, hooks: SimulationHooks = {}): Promise<void> {
  const delay = latencyMs(worker);
  if (delay > 0) await (hooks.sleep ?? realSleep)(delay);
  const rate = failureRate();
  if (rate > 0 && (hooks.random ?? Math.random)() < rate) {
    throw new TransientWorkerError(`${worker} worker: injected transient failure (WORKER_FAILURE_RATE=${rate})`);
  }
}
