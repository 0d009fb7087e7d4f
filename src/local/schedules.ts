/**
 * The `Schedule` and `ScheduleV2` events of template.yaml, fired locally the way
 * EventBridge fires them in AWS: one EventBridge "Scheduled Event" per period, to the
 * function that declares the event. Periods follow the time scale, so a function that
 * runs every minute in AWS runs every 60 ms at a scale of 0.001.
 */
import { randomUUID } from "node:crypto";
import type { FunctionSpec } from "./functions";
import { resolveString, resolveValue, type ResolutionContext } from "./intrinsics";
import { LOCAL_AWS } from "./local-aws";
import { resourcesOfType } from "./template";

export interface LocalSchedule {
  functionName: string;
  functionLogicalId: string;
  eventName: string;
  /** As written, e.g. `rate(1 minute)`. */
  expression: string;
  /** The period in real (unscaled) milliseconds. */
  periodMs: number;
  enabled: boolean;
}

const SCHEDULE_EVENT_TYPES: ReadonlySet<string> = new Set(["Schedule", "ScheduleV2"]);
const UNIT_MS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
/** However small the time scale, a schedule fires at most this often, so it cannot starve the stack. */
export const MIN_LOCAL_PERIOD_MS = 100;

export class UnsupportedScheduleError extends Error {
  override readonly name = "UnsupportedScheduleError";
}

/** `rate(5 minutes)` → 300000. Cron expressions have no fixed period and are refused. */
export function ratePeriodMs(expression: string): number {
  const match = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (!match) throw new UnsupportedScheduleError(`only rate(...) schedules run locally, not "${expression}"`);
  const value = Number(match[1]);
  const unit = match[2]!.replace(/s$/, "");
  // EventBridge itself requires the singular for 1 and the plural otherwise.
  if ((value === 1) !== (match[2] === unit)) throw new UnsupportedScheduleError(`"${expression}": use "1 ${unit}" or "N ${unit}s"`);
  if (value < 1) throw new UnsupportedScheduleError(`"${expression}": the rate must be at least 1`);
  return value * UNIT_MS[unit]!;
}

export function localSchedules(context: ResolutionContext, functions: readonly FunctionSpec[]): LocalSchedule[] {
  const schedules: LocalSchedule[] = [];
  for (const [logicalId, resource] of resourcesOfType(context.template, "AWS::Serverless::Function")) {
    const spec = functions.find((candidate) => candidate.logicalId === logicalId);
    if (!spec) continue;
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
    for (const [eventName, event] of Object.entries(events)) {
      if (!event.Type || !SCHEDULE_EVENT_TYPES.has(event.Type)) continue;
      const properties = event.Properties ?? {};
      const where = `${logicalId}.Events.${eventName}`;
      const expression = resolveString(properties.Schedule ?? properties.ScheduleExpression, context, `${where}.Schedule`);
      const state = resolveValue(properties.State, context);
      const enabled = resolveValue(properties.Enabled, context) !== false && state !== "DISABLED";
      schedules.push({ functionName: spec.name, functionLogicalId: logicalId, eventName, expression, periodMs: ratePeriodMs(expression), enabled });
    }
  }
  return schedules;
}

export interface SchedulerOptions {
  schedules: readonly LocalSchedule[];
  timeScale: number;
  invoke: (functionName: string, event: unknown) => Promise<unknown>;
  /** One line per failed run. */
  log?: (line: string) => void;
}

export interface LocalScheduler {
  /** Each enabled schedule with its local period (scaled) in ms. */
  readonly running: ReadonlyArray<{ schedule: LocalSchedule; localPeriodMs: number }>;
  close(): Promise<void>;
}

/** The EventBridge event a scheduled rule delivers. */
export function scheduledEvent(schedule: LocalSchedule, time: Date = new Date()) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: LOCAL_AWS.accountId,
    time: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: LOCAL_AWS.region,
    resources: [`arn:aws:events:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:rule/${schedule.functionLogicalId}-${schedule.eventName}`],
    detail: {},
  };
}

export function startScheduler(options: SchedulerOptions): LocalScheduler {
  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const running = options.schedules
    .filter((schedule) => schedule.enabled)
    .map((schedule) => ({ schedule, localPeriodMs: Math.max(MIN_LOCAL_PERIOD_MS, Math.round(schedule.periodMs * options.timeScale)) }));

  for (const { schedule, localPeriodMs } of running) {
    let busy = false;
    const fire = () => {
      // A run still going when the next is due: skip the tick rather than pile runs up.
      if (busy) return;
      busy = true;
      const run = options
        .invoke(schedule.functionName, scheduledEvent(schedule))
        .catch((error: unknown) => options.log?.(`${schedule.functionName} (${schedule.eventName}) failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          busy = false;
          inFlight.delete(run);
        });
      inFlight.add(run);
    };
    const timer = setInterval(fire, localPeriodMs);
    timer.unref();
    timers.push(timer);
  }

  return {
    running,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
