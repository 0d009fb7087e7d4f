/** The variable SAM CLI uses for the same purpose. */
export const TIME_SCALE_ENV = "DURABLE_EXECUTIONS_TIME_SCALE";

/**
 * Parses DURABLE_EXECUTIONS_TIME_SCALE: a number >= 0 that multiplies every wait, retry delay, polling delay,
 * callback (and heartbeat) timeout and execution timeout. Unset or empty gives `fallback` (real time).
 */
export function parseTimeScale(raw: string | undefined, fallback = 1): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${TIME_SCALE_ENV} must be a number >= 0 (for example 0.01), got "${raw}"`);
  }
  return value;
}
