/**
 * The re-driver's settings, from its environment (template.yaml, OrderRedriverFunction).
 */
import { numberEnv } from "../adapters/env";

export interface RedriverConfig {
  /** An order still `received` this long after it was stored has lost the process that was starting it. */
  strandedAfterMs: number;
  /** At most this many orders per run, so one run stays well inside the function timeout. */
  maxOrdersPerRun: number;
  /** Orders `awaiting-approval` longer than this are counted in OrdersAwaitingApprovalTooLong (the alarm's threshold). */
  approvalWaitAlarmMs: number;
}

export function redriverConfig(): RedriverConfig {
  return {
    strandedAfterMs: numberEnv("STRANDED_AFTER_SECONDS", 120) * 1000 * localTimeScale(),
    maxOrdersPerRun: numberEnv("MAX_ORDERS_PER_RUN", 500),
    approvalWaitAlarmMs: numberEnv("APPROVAL_WAIT_ALARM_MINUTES", 720) * 60_000 * localTimeScale(),
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
