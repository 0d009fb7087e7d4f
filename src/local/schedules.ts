/**
 * The `Schedule` and `ScheduleV2` events of template.yaml, fired locally the way
 * EventBridge fires them in AWS: one EventBridge "Scheduled Event" per period, to the
 * function that declares the event. Periods follow the time scale, so a function that
 * runs every minute in AWS runs every 100 ms (the floor) at a scale of 0.001, or less
 * often when its runs take long (MAX_SCHEDULE_DUTY).
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
/** However small the time scale, a schedule fires at most this often. */
export const MIN_LOCAL_PERIOD_MS = 100;
/**
 * The share of the time a scheduled function may spend running: after a run of r ms the next
 * one waits at least r × (1 / share − 1). A re-driver run (24 DynamoDB queries) takes about
 * 90 ms of CPU, so at time scale 0.001 its 100 ms period alone kept most of a core busy on an
 * idle stack (883 ms of CPU a second, 5 Dec 2026); a run that is slow because the stack is busy
 * waits longer still, so a schedule cannot starve the orders it watches over.
 */
export const MAX_SCHEDULE_DUTY = 0.1;
/** The rest never passes this many periods, so a slow first run (a cold start) cannot delay the next for long. */
const MAX_REST_PERIODS = 10;

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
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const running = options.schedules
    .filter((schedule) => schedule.enabled)
    .map((schedule) => ({ schedule, localPeriodMs: Math.max(MIN_LOCAL_PERIOD_MS, Math.round(schedule.periodMs * options.timeScale)) }));

  const after = (delayMs: number, fire: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fire();
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  for (const { schedule, localPeriodMs } of running) {
    // One run at a time, each timed from the end of the previous one, so runs never pile up.
    const fire = () => {
      const startedAt = performance.now();
      const run = options
        .invoke(schedule.functionName, scheduledEvent(schedule))
        .catch((error: unknown) => options.log?.(`${schedule.functionName} (${schedule.eventName}) failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          inFlight.delete(run);
          if (closed) return;
          const ranMs = performance.now() - startedAt;
          const rest = Math.min(ranMs * (1 / MAX_SCHEDULE_DUTY - 1), localPeriodMs * MAX_REST_PERIODS);
          after(Math.max(localPeriodMs - ranMs, rest), fire);
        });
      inFlight.add(run);
    };
    after(localPeriodMs, fire);
  }

  return {
    running,
    close: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
