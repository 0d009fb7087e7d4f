/**
 * Benchmark 2, durable overhead: what a checkpointed step costs on its own.
 *
 * Workflows of N no-op steps run through the local Lambda service (the real
 * REST API, HTTP on loopback), first in one invocation, then with a wait after
 * every step so that the handler suspends and is re-invoked N times, replaying
 * everything before it each time.
 */
import { resolve } from "node:path";
import { LocalFunctionRuntime } from "../src/local/function-runtime";
import type { FunctionSpec } from "../src/local/functions";
import { startLambdaService } from "../src/local/lambda-service";
import { LOCAL_AWS } from "../src/local/local-aws";
import { invokeDurableSync, localLambdaClient } from "./lib/invoke";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize } from "./lib/report";
import { measuredWindow } from "./lib/profile";
import { growthExponent, linearFit, median, round } from "./lib/stats";
import { TARGETS } from "./lib/targets";

/** Logical id → export of bench/lib/overhead-functions.ts. */
export const OVERHEAD_FUNCTIONS = {
  steps: "BenchStepsFunction",
  stepsWithWaits: "BenchStepsWithWaitsFunction",
} as const;

type OverheadFunctionName = (typeof OVERHEAD_FUNCTIONS)[keyof typeof OVERHEAD_FUNCTIONS];

const HANDLER_MODULE = resolve(__dirname, "lib", "overhead-functions.ts");

/** A durable function as the template would declare it, for the same runtime the local stack uses. */
function benchFunctionSpec(name: OverheadFunctionName): FunctionSpec {
  const handlerExport = name === OVERHEAD_FUNCTIONS.steps ? "steps" : "stepsWithWaits";
  return {
    logicalId: name,
    name,
    arn: `arn:${LOCAL_AWS.partition}:lambda:${LOCAL_AWS.region}:${LOCAL_AWS.accountId}:function:${name}`,
    handler: `overhead-functions.${handlerExport}`,
    codePath: HANDLER_MODULE,
    handlerExport,
    runtime: "nodejs22.x",
    timeoutSeconds: 900,
    memorySizeMb: 512,
    environment: {},
    durable: { executionTimeoutSeconds: 31_622_400, retentionPeriodInDays: 1 },
    logging: { logGroup: `/aws/lambda/${name}` },
  };
}

/**
 * A 1 s wait lasts 10 µs, so what is measured is the engine alone: suspend, timer,
 * re-invoke, replay. Not 0: the scale applies to the execution timeout as well
 * (366 days become 316 s here).
 */
export const OVERHEAD_TIME_SCALE = 0.00001;

interface Plan {
  steps: number[];
  stepsWithWaits: number[];
  /** Repeats per size; the median is reported. */
  repeats(n: number): number;
}

const PLANS: Record<BenchSize, Plan> = {
  smoke: { steps: [10], stepsWithWaits: [3], repeats: () => 1 },
  quick: { steps: [10, 100, 300], stepsWithWaits: [10, 100], repeats: (n) => (n >= 300 ? 1 : 3) },
  // Replaying 1000 steps 1000 times is O(N²): one run of it is enough.
  full: { steps: [10, 100, 1000], stepsWithWaits: [10, 100, 1000], repeats: (n) => (n >= 1000 ? 1 : 7) },
};

export interface OverheadResult {
  /** Milliseconds per checkpointed step at N = 100 (or the largest N measured below it): total / N. */
  msPerStep: number;
  /** Steps → median total milliseconds, one invocation. */
  series: Record<string, number>;
  /** CPU milliseconds (service + SDK, this process) per step at the same N as msPerStep. */
  cpuMsPerStep: number;
  /** CheckpointDurableExecution calls per step at the same N, counted by the service. */
  checkpointCallsPerStep: number;
  /** Marginal cost per step from a least-squares fit over the series. */
  slopeMsPerStep: number;
  /** Fixed cost of an execution (start, first invocation, result) from the same fit. */
  fixedMs: number;
  /** k in total ≈ c·N^k, between the smallest and largest N: 1 is linear. */
  growthExponent: number;
  /** Steps → median total milliseconds with a (scaled) 1 s wait after every step. */
  waitSeries: Record<string, number>;
  waitMsPerStep: number;
  waitGrowthExponent: number;
  timeScale: number;
}

export async function runOverheadBenchmark(options: BenchOptions): Promise<BenchmarkReport<OverheadResult>> {
  const log = quietLog(options);
  const plan = PLANS[options.size];

  // The runtime needs the service's endpoint and the service needs the runtime: hand it over once listening.
  let provideEndpoint: (endpoint: string) => void = () => undefined;
  const runtime = new LocalFunctionRuntime({
    functions: Object.values(OVERHEAD_FUNCTIONS).map(benchFunctionSpec),
    endpoints: new Promise((resolveEndpoints) => (provideEndpoint = (lambda) => resolveEndpoints({ lambda }))),
    log: () => undefined,
  });
  const service = await startLambdaService({ port: 0, functions: runtime, timeScale: OVERHEAD_TIME_SCALE, region: LOCAL_AWS.region, accountId: LOCAL_AWS.accountId });
  provideEndpoint(service.endpoint);
  await runtime.warm();
  const client = localLambdaClient(service.endpoint);

  // Service and sandboxes are threads of this process, so its CPU time is the engine's
  // whole cost, a figure that other load on the machine disturbs far less than wall time.
  const cpuMs: Record<string, number> = {};
  const checkpoints: Record<string, number> = {};
  const measure = async (fn: OverheadFunctionName, n: number): Promise<number> => {
    const samples: number[] = [];
    const cpuSamples: number[] = [];
    for (let i = 0; i < plan.repeats(n); i++) {
      const cpuBefore = process.cpuUsage();
      const checkpointsBefore = service.requestCounts().CheckpointDurableExecution ?? 0;
      const run = await measuredWindow(`overhead ${fn} N=${n}`, () => invokeDurableSync(client, `${fn}:$LATEST`, { steps: n }));
      const cpu = process.cpuUsage(cpuBefore);
      checkpoints[`${fn}:${n}`] = (service.requestCounts().CheckpointDurableExecution ?? 0) - checkpointsBefore;
      const steps = (run.result as { steps?: unknown } | undefined)?.steps;
      if (steps !== n) throw new Error(`${fn} with ${n} steps returned ${JSON.stringify(run.result)}`);
      samples.push(run.wallMs);
      cpuSamples.push((cpu.user + cpu.system) / 1000);
    }
    const ms = median(samples);
    cpuMs[`${fn}:${n}`] = median(cpuSamples);
    log(`overhead: ${fn} N=${n}: ${round(ms, 1)} ms wall, ${round(median(cpuSamples), 1)} ms CPU (median of ${samples.length})`);
    return ms;
  };

  try {
    // Warm-up: the first execution pays for module loading and connection set-up.
    await invokeDurableSync(client, `${OVERHEAD_FUNCTIONS.steps}:$LATEST`, { steps: 5 });
    await invokeDurableSync(client, `${OVERHEAD_FUNCTIONS.stepsWithWaits}:$LATEST`, { steps: 2 });

    const series: Array<[number, number]> = [];
    for (const n of plan.steps) series.push([n, await measure(OVERHEAD_FUNCTIONS.steps, n)]);
    const waitSeries: Array<[number, number]> = [];
    for (const n of plan.stepsWithWaits) waitSeries.push([n, await measure(OVERHEAD_FUNCTIONS.stepsWithWaits, n)]);

    const atOrBelow100 = [...series].filter(([n]) => n <= 100).pop() ?? series[0]!;
    const waitAt = [...waitSeries].filter(([n]) => n <= 100).pop() ?? waitSeries[0]!;
    const fit = linearFit(series);
    const result: OverheadResult = {
      msPerStep: round(atOrBelow100[1] / atOrBelow100[0], 3),
      cpuMsPerStep: round(cpuMs[`${OVERHEAD_FUNCTIONS.steps}:${atOrBelow100[0]}`]! / atOrBelow100[0], 3),
      checkpointCallsPerStep: round(checkpoints[`${OVERHEAD_FUNCTIONS.steps}:${atOrBelow100[0]}`]! / atOrBelow100[0], 2),
      series: Object.fromEntries(series.map(([n, ms]) => [String(n), round(ms, 1)])),
      slopeMsPerStep: round(fit.slope, 3),
      fixedMs: round(fit.intercept, 1),
      growthExponent: round(growthExponent(series), 2),
      waitSeries: Object.fromEntries(waitSeries.map(([n, ms]) => [String(n), round(ms, 1)])),
      waitMsPerStep: round(waitAt[1] / waitAt[0], 3),
      waitGrowthExponent: round(growthExponent(waitSeries), 2),
      timeScale: OVERHEAD_TIME_SCALE,
    };
    const n100 = atOrBelow100[0];
    return {
      key: "overhead",
      title: "Durable overhead",
      method: [
        "Two bench durable handlers (no-op steps returning their index, bench/lib/overhead-functions.ts) run in the local stack's own function runtime (a warm worker-thread sandbox per function) behind the local Lambda service; the SDK checkpoints over HTTP on loopback, as in the stack.",
        "Each execution is started with a synchronous Invoke (RequestResponse, unique execution name) and timed from request to result; the median of several runs per N is reported after one warm-up.",
        `ms/step = total / N at N = ${n100} (wall time); CPU ms/step = this process's CPU time (service and sandbox threads) / N; checkpoint calls per step = the CheckpointDurableExecution requests the service answered during one execution / N; the fit gives the marginal cost per step and the fixed cost per execution; growth k from total ≈ c·N^k.`,
        `With waits: a 1 s wait after every step, DURABLE_EXECUTIONS_TIME_SCALE=${OVERHEAD_TIME_SCALE} (10 µs), so each step costs a suspension, a timer and a re-invocation that replays every earlier operation.`,
      ],
      rows: [
        { figure: `ms per checkpointed step (N=${n100})`, value: result.msPerStep, unit: "ms", ...(n100 === 100 ? { target: TARGETS.msPerStepAt100 } : {}) },
        { figure: `CPU ms per step (N=${n100}, service + SDK)`, value: result.cpuMsPerStep, unit: "ms" },
        { figure: `checkpoint calls per step (N=${n100})`, value: result.checkpointCallsPerStep, unit: "calls" },
        ...series.map(([n, ms]) => ({ figure: `${n} steps, one invocation`, value: round(ms, 1), unit: "ms" })),
        { figure: "marginal cost per step (fit)", value: result.slopeMsPerStep, unit: "ms" },
        { figure: "growth exponent k (steps)", value: result.growthExponent, unit: "" },
        ...waitSeries.map(([n, ms]) => ({ figure: `${n} steps + waits (${n} replays)`, value: round(ms, 1), unit: "ms" })),
        { figure: `ms per step+wait (N=${waitAt[0]})`, value: result.waitMsPerStep, unit: "ms" },
        { figure: "growth exponent k (with replays)", value: result.waitGrowthExponent, unit: "" },
      ],
      result,
    };
  } finally {
    client.destroy();
    await service.close();
    await runtime.close();
  }
}
