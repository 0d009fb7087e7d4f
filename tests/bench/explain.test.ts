/**
 * The reasons printed under a benchmark table: each missed target gets one, worked out
 * from the same run's figures; a met target gets none.
 */
import type { BundlesResult } from "../../bench/bundles";
import { explainMisses } from "../../bench/lib/explain";
import type { BenchmarkReport, FigureRow } from "../../bench/lib/report";
import { TARGETS } from "../../bench/lib/targets";
import type { OverheadResult } from "../../bench/overhead";
import type { SdkCallsResult } from "../../bench/sdk-calls";
import type { ThroughputResult, ThroughputRun } from "../../bench/throughput";

const CORES = 2;

function report<T>(key: string, rows: FigureRow[], result: T): BenchmarkReport<unknown> {
  return { key, title: key, method: ["-"], rows, result };
}

function throughputRun(orders: number, overrides: Partial<ThroughputRun> = {}): ThroughputRun {
  return {
    orders,
    ordersPerSecond: 8,
    postP50Ms: 800,
    postP99Ms: 1400,
    completionP50Ms: 8000,
    completionP99Ms: 9000,
    errors: 0,
    elapsedMs: 25_000,
    cpuMsPerOrder: 200,
    mainThreadMsPerOrder: 80,
    mainThreadCpuMsPerOrder: 40,
    callsPerOrder: { checkpoint: 40, state: 0, otherLambda: 2, dynamodb: 22, total: 64 },
    ...overrides,
  };
}

function throughputReport(runs: ThroughputRun[], serialPostCpuMs = 8): BenchmarkReport<unknown> {
  const headline = runs.at(-1)!;
  const result: ThroughputResult = {
    ...headline,
    serialPostP50Ms: 18,
    serialPostP99Ms: 30,
    serialPostCpuMs,
    runs: Object.fromEntries(runs.map((run) => [String(run.orders), run])),
    timeScale: 0.001,
    workerLatencyMs: 0,
  };
  const rows: FigureRow[] = runs.flatMap((run) => [
    ...(run.orders === 200 ? [
      { figure: "K=200: completed orders/s", value: run.ordersPerSecond, unit: "orders/s", target: TARGETS.ordersPerSecond },
      { figure: "K=200: CPU per order (all threads)", value: run.cpuMsPerOrder, unit: "ms", target: TARGETS.cpuMsPerOrder },
    ] : []),
    ...(run.orders === 50 ? [{ figure: "K=50: POST p99", value: run.postP99Ms, unit: "ms", target: TARGETS.postP99Ms }] : []),
    { figure: `K=${run.orders}: errors`, value: run.errors, unit: "", target: TARGETS.throughputErrors },
  ]);
  return report("throughput", rows, result);
}

const sdkCalls: SdkCallsResult = {
  callsAtEnd: [50, 250, 1000],
  cpuMsPerCall: { "dynamodb-get": [3, 2, 0.6], "lambda-checkpoint": [4, 2, 0.4], "node-http": [0.5, 0.2, 0.05] },
};

function whyOf(reports: BenchmarkReport<unknown>[], figure: string): string {
  const miss = explainMisses(reports, CORES).find((m) => m.figure === figure);
  if (!miss) throw new Error(`no explanation for ${figure}`);
  return miss.why;
}

describe("explanations of missed targets", () => {
  test("a met target is not explained", () => {
    const reports = [throughputReport([throughputRun(200, { cpuMsPerOrder: 40, ordersPerSecond: 45 })])];
    expect(explainMisses(reports, CORES)).toEqual([]);
  });

  test("CPU per order is split into the main thread and the sandboxes, per call the servers counted", () => {
    const why = whyOf([throughputReport([throughputRun(200)])], "K=200: CPU per order (all threads)");
    expect(why).toContain("64 API calls");
    expect(why).toContain("40 checkpoints");
    expect(why).toContain("22 DynamoDB requests");
    // 200 - 40 = 160 ms in the sandboxes, / 64 calls = 2.5 ms a call.
    expect(why).toContain("function sandboxes 160 ms, 2.5 ms per call");
    expect(why).toContain("Run the sdk-calls benchmark too");
  });

  test("with the SDK call benchmark in the run, the clients' own floor is worked out", () => {
    const why = whyOf([throughputReport([throughputRun(200)]), report("sdk-calls", [], sdkCalls)], "K=200: CPU per order (all threads)");
    // Mean of DynamoDB and checkpoint: 3.5 ms fresh, 0.5 ms after 250 calls; 64 calls: 32 to 224 ms.
    expect(why).toContain("3.5 ms of CPU per call in a fresh process and 0.5 ms after 251 calls");
    expect(why).toContain("are 32 ms to 224 ms per order");
    expect(why).toContain("target of 50 ms");
  });

  test("orders per second is the CPU budget the cores allow", () => {
    const why = whyOf([throughputReport([throughputRun(200)])], "K=200: completed orders/s");
    expect(why).toContain("40 orders/s on 2 cores leaves 50 ms of CPU per order");
    expect(why).toContain("10.0 orders/s at best");
  });

  test("a POST p99 under load is the queue the POSTs' own CPU makes", () => {
    const why = whyOf([throughputReport([throughputRun(50), throughputRun(200)], 8)], "K=50: POST p99");
    // 50 POSTs × 8 ms = 400 ms of CPU, 200 ms on 2 cores; 50 ms would need 2 ms a POST.
    expect(why).toContain("50 at once are 400 ms of CPU, at least 200 ms on 2 cores");
    expect(why).toContain("under 2 ms of CPU per POST");
  });

  test("the step overhead is divided among the checkpoint calls a step makes", () => {
    const overhead = { msPerStep: 1.74, cpuMsPerStep: 2.39, checkpointCallsPerStep: 2 } as OverheadResult;
    const rows: FigureRow[] = [{ figure: "ms per checkpointed step (N=100)", value: 1.74, unit: "ms", target: TARGETS.msPerStepAt100 }];
    const why = whyOf([report("overhead", rows, overhead)], "ms per checkpointed step (N=100)");
    expect(why).toContain("2 checkpoint calls");
    expect(why).toContain("0.87 ms per call");
    expect(why).toContain("leaves 0.5 ms per call");
  });

  test("a bundle over its size names its largest contributors", () => {
    const bundles: BundlesResult = {
      OrderWorkflowFunction: { bytes: 509_532, gzipBytes: 152_000, sourcemapBytes: 856_000, initMs: 150, initMsWithoutSourceMaps: 130, processes: 20, largestInputs: { "@smithy/core": 135_439, "@aws-sdk/client-lambda": 122_150 } },
    };
    const rows: FigureRow[] = [
      { figure: "OrderWorkflowFunction bundle", value: 509_532, unit: "B", target: TARGETS.orchestratorBundleBytes },
      { figure: "OrderWorkflowFunction module init", value: 150, unit: "ms", target: TARGETS.orchestratorInitMs },
    ];
    const reports = [report("bundles", rows, bundles)];
    expect(whyOf(reports, "OrderWorkflowFunction bundle")).toContain("@smithy/core 135 KB, @aws-sdk/client-lambda 122 KB");
    expect(whyOf(reports, "OrderWorkflowFunction module init")).toContain("130 ms without --enable-source-maps");
  });

  test("a miss the run has no figures for says what to run", () => {
    const rows: FigureRow[] = [{ figure: "ms per checkpointed step (N=100)", value: 1.74, unit: "ms", target: TARGETS.msPerStepAt100 }];
    const [miss] = explainMisses([report("elsewhere", rows, {})], CORES);
    expect(miss?.why).toMatch(/No figure in this run explains it/);
  });
});
