import { createResolutionContext } from "../../src/local/intrinsics";
import { functionSpecs } from "../../src/local/functions";
import { localSchedules, MAX_SCHEDULE_DUTY, MIN_LOCAL_PERIOD_MS, ratePeriodMs, scheduledEvent, startScheduler, UnsupportedScheduleError, type LocalSchedule } from "../../src/local/schedules";
import { loadTemplate } from "../../src/local/template";

const everyMinute: LocalSchedule = {
  functionName: "Fn",
  functionLogicalId: "Fn",
  eventName: "Tick",
  expression: "rate(1 minute)",
  periodMs: 60_000,
  enabled: true,
};

describe("local schedules", () => {
  it("reads EventBridge rate expressions as EventBridge does", () => {
    expect(ratePeriodMs("rate(1 minute)")).toBe(60_000);
    expect(ratePeriodMs("rate(5 minutes)")).toBe(300_000);
    expect(ratePeriodMs("rate(2 hours)")).toBe(7_200_000);
    expect(ratePeriodMs("rate(1 day)")).toBe(86_400_000);
    expect(() => ratePeriodMs("rate(5 minute)")).toThrow(UnsupportedScheduleError);
    expect(() => ratePeriodMs("rate(1 minutes)")).toThrow(UnsupportedScheduleError);
    expect(() => ratePeriodMs("cron(0 12 * * ? *)")).toThrow(/only rate/);
  });

  it("finds the re-driver's schedule in template.yaml", () => {
    const context = createResolutionContext(loadTemplate());
    const schedules = localSchedules(context, functionSpecs(context));
    expect(schedules).toEqual([
      { functionName: "OrderRedriverFunction", functionLogicalId: "OrderRedriverFunction", eventName: "EveryMinute", expression: "rate(1 minute)", periodMs: 60_000, enabled: true },
    ]);
  });

  it("delivers an EventBridge Scheduled Event", () => {
    const event = scheduledEvent(everyMinute, new Date("2026-12-03T10:00:00.123Z"));
    expect(event).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", time: "2026-12-03T10:00:00Z", detail: {} });
    expect(event.resources[0]).toMatch(/^arn:aws:events:[a-z0-9-]+:\d{12}:rule\/Fn-Tick$/);
  });

  it("scales the period by the time scale, with a floor, and never starts a run while the previous one is going", async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const scheduler = startScheduler({
      schedules: [everyMinute, { ...everyMinute, eventName: "Off", enabled: false }],
      timeScale: 0.0001,
      invoke: () => {
        runs++;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    expect(scheduler.running.map((r) => [r.schedule.eventName, r.localPeriodMs])).toEqual([["Tick", MIN_LOCAL_PERIOD_MS]]);

    await new Promise((resolve) => setTimeout(resolve, MIN_LOCAL_PERIOD_MS * 4));
    expect(runs).toBe(1);
    release();
    await scheduler.close();
    expect(runs).toBe(1);
  });

  it("fires a quick run every period, and rests after a slow run nine times as long as it took", async () => {
    const runs: Array<{ startedAt: number; endedAt: number }> = [];
    const runMs = [0, 0, 0, 40, 0];
    const scheduler = startScheduler({
      schedules: [everyMinute],
      timeScale: 0.0001,
      invoke: async () => {
        const startedAt = performance.now();
        await new Promise((resolve) => setTimeout(resolve, runMs[runs.length] ?? 0));
        runs.push({ startedAt, endedAt: performance.now() });
      },
    });

    while (runs.length < runMs.length) await new Promise((resolve) => setTimeout(resolve, 20));
    await scheduler.close();

    const gaps = runs.slice(1).map((run, i) => run.startedAt - runs[i]!.startedAt);
    const slow = runs[3]!;
    // Timers never fire early (a millisecond of rounding aside); how late they fire is the machine's business.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(MIN_LOCAL_PERIOD_MS - 2);
    expect(runs[4]!.startedAt - slow.endedAt).toBeGreaterThanOrEqual((slow.endedAt - slow.startedAt) * (1 / MAX_SCHEDULE_DUTY - 1) - 2);
  });
});
