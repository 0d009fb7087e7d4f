/**
 * The re-driver's settings, from its environment (template.yaml, OrderRedriverFunction).
 */
import { numberEnv, requiredEnv } from "../adapters/env";

/** Orders whose workflow never started, and orders waiting for a person. */
export interface IntakeConfig {
  /** An order still `received` this long after it was stored has lost the process that was starting it. */
  strandedAfterMs: number;
  /** At most this many orders per run, so one run stays well inside the function timeout. */
  maxOrdersPerRun: number;
  /** Orders `awaiting-approval` longer than this are counted in OrdersAwaitingApprovalTooLong (the alarm's threshold). */
  approvalWaitAlarmMs: number;
}

/** Orders whose workflow ended without deciding them. */
export interface RecoveryConfig {
  /**
   * An order created longer ago than this that is still in flight has no running
   * execution whatever happened to it: the workflow's ExecutionTimeout, plus the
   * intake grace period (its execution may have started that much later), plus a margin.
   */
  abandonedAfterMs: number;
  /** Stopped and timed-out executions are looked for among those started within this window. */
  endedLookbackMs: number;
  /** At most this many orders recovered per run (each costs a few worker calls). */
  maxRecoveriesPerRun: number;
  /** The workers that hold what an order may have to give back. */
  workers: { inventory: string; payment: string };
}

export type RedriverConfig = IntakeConfig & RecoveryConfig;

/** Added to the ExecutionTimeout before an in-flight order is taken for abandoned without asking Lambda first. */
const ABANDONED_MARGIN_SECONDS = 600;

export function redriverConfig(): RedriverConfig {
  const scale = localTimeScale();
  const strandedAfterSeconds = numberEnv("STRANDED_AFTER_SECONDS", 120);
  const abandonedAfterSeconds = numberEnv("EXECUTION_TIMEOUT_SECONDS", 172_800) + strandedAfterSeconds + ABANDONED_MARGIN_SECONDS;
  return {
    strandedAfterMs: strandedAfterSeconds * 1000 * scale,
    maxOrdersPerRun: numberEnv("MAX_ORDERS_PER_RUN", 500),
    approvalWaitAlarmMs: numberEnv("APPROVAL_WAIT_ALARM_MINUTES", 720) * 60_000 * scale,
    abandonedAfterMs: abandonedAfterSeconds * 1000 * scale,
    endedLookbackMs: abandonedAfterSeconds * 1000 * scale,
    maxRecoveriesPerRun: numberEnv("MAX_RECOVERIES_PER_RUN", 50),
    workers: { inventory: requiredEnv("INVENTORY_FUNCTION"), payment: requiredEnv("PAYMENT_FUNCTION") },
  };
}

/**
 * The local stack (npm run dev) scales time and tells its functions by how much; in AWS
 * the variable is never set. The re-driver's schedule is scaled the same way, so a
 * stranded order heals at the same pace, relative to its workflow, as in AWS.
 */
function localTimeScale(): number {
  return numberEnv("DURABLE_EXECUTIONS_TIME_SCALE", 1);
}
