/**
 * Benchmarks are not tests: nothing here is timed or compared with a target. Each
 * benchmark runs once at its smallest size so that it keeps working, and its result
 * must have the keys latest.json promises, with numbers where numbers belong.
 */
import { runBundlesBenchmark } from "../../bench/bundles";
import { runCapacityBenchmark } from "../../bench/capacity";
import { runCostBenchmark } from "../../bench/cost";
import type { BenchmarkReport } from "../../bench/lib/report";
import { renderConsole, renderMarkdown, toJson } from "../../bench/lib/results";
import { machineInfo } from "../../bench/lib/machine";
import { runOverheadBenchmark } from "../../bench/overhead";
import { runParallelBenchmark } from "../../bench/parallel";
import { runSdkCallsBenchmark } from "../../bench/sdk-calls";
import { runThroughputBenchmark } from "../../bench/throughput";
import { below } from "../../bench/lib/targets";

const SMOKE = { size: "smoke" } as const;
const BENCH_TIMEOUT_MS = 180_000;

function expectNumbers(result: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value: unknown = (result as Record<string, unknown>)[key];
    expect({ key, type: typeof value }).toEqual({ key, type: "number" });
    expect(Number.isNaN(value)).toBe(false);
  }
}

function expectReportShape(report: BenchmarkReport<unknown>, key: string): void {
  expect(report.key).toBe(key);
  expect(report.method.length).toBeGreaterThan(0);
  expect(report.rows.length).toBeGreaterThan(0);
  for (const row of report.rows) expect(typeof row.value).toBe("number");
}

describe("benchmarks at their smallest size", () => {
  it(
    "the SDK call benchmark reports a CPU time per call for each kind of call and each stretch of calls",
    async () => {
      const report = await runSdkCallsBenchmark(SMOKE);
      expectReportShape(report, "sdk-calls");
      expect(report.result.callsAtEnd).toEqual([5, 25]);
      for (const kind of ["dynamodb-get", "lambda-checkpoint", "node-http"] as const) {
        expect(report.result.cpuMsPerCall[kind]).toHaveLength(2);
        for (const ms of report.result.cpuMsPerCall[kind]) expect(ms).toBeGreaterThan(0);
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the parallel benchmark reports both phase times, the speedup, the 2.875 limit and the efficiency",
    async () => {
      const report = await runParallelBenchmark(SMOKE);
      expectReportShape(report, "parallel");
      expectNumbers(report.result, ["sequentialMs", "parallelMs", "speedup", "limit", "efficiency"]);
      expect(report.result.limit).toBeCloseTo(2.875, 3);
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the overhead benchmark reports a time per step and a series keyed by step count",
    async () => {
      const report = await runOverheadBenchmark(SMOKE);
      expectReportShape(report, "overhead");
      expectNumbers(report.result, ["msPerStep", "checkpointCallsPerStep"]);
      // A step is checkpointed at least once, and the SDK sends no more than a START and a SUCCEED for it.
      expect(report.result.checkpointCallsPerStep).toBeGreaterThanOrEqual(1);
      expect(report.result.checkpointCallsPerStep).toBeLessThanOrEqual(2.5);
      expect(Object.keys(report.result.series).length).toBeGreaterThan(0);
      for (const [steps, ms] of Object.entries(report.result.series)) {
        expect(Number.isInteger(Number(steps))).toBe(true);
        expect(typeof ms).toBe("number");
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the throughput benchmark reports orders per second, POST and completion percentiles and an error count",
    async () => {
      const report = await runThroughputBenchmark(SMOKE);
      expectReportShape(report, "throughput");
      expectNumbers(report.result, ["ordersPerSecond", "postP50Ms", "postP99Ms", "completionP50Ms", "completionP99Ms", "errors", "serialPostCpuMs"]);
      // The servers counted the order's calls: every order checkpoints and writes DynamoDB.
      expect(report.result.callsPerOrder.checkpoint).toBeGreaterThan(0);
      expect(report.result.callsPerOrder.dynamodb).toBeGreaterThan(0);
      expect(report.result.callsPerOrder.total).toBeGreaterThanOrEqual(report.result.callsPerOrder.checkpoint + report.result.callsPerOrder.dynamodb);
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the cost benchmark prices a standard and an approval order and lists its assumptions",
    async () => {
      const report = await runCostBenchmark(SMOKE);
      expectReportShape(report, "cost");
      expectNumbers(report.result, ["operationsPerOrder", "bytesWrittenPerOrder", "usdPerMillionOrders", "stepFunctionsUsdPerMillionOrders"]);
      expectNumbers(report.result.approval, ["operations", "bytesWritten", "usdPerMillionOrders"]);
      expect(report.result.assumptions.length).toBeGreaterThan(3);
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the capacity benchmark reports DynamoDB requests, RCUs and WCUs per order for every table an order touches",
    async () => {
      const report = await runCapacityBenchmark(SMOKE);
      expectReportShape(report, "capacity");
      expectNumbers(report.result, ["requestsPerOrder", "readCapacityUnitsPerOrder", "writeCapacityUnitsPerOrder", "durableOperationsPerOrder", "dynamodbUsdPerMillionOrders"]);
      for (const table of ["OrdersTable", "InventoryTable", "ReservationsTable", "PaymentsTable"]) {
        expect(report.result.perOrder[table]?.requests).toBeGreaterThan(0);
        expect(report.result.perOrder[table]?.writeCapacityUnits).toBeGreaterThan(0);
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it(
    "the bundles benchmark reports bytes and init time for every function in the template",
    async () => {
      const report = await runBundlesBenchmark(SMOKE);
      expectReportShape(report, "bundles");
      for (const id of ["OrderWorkflowFunction", "OrdersApiFunction", "OrderRedriverFunction", "InventoryFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"]) {
        expect(report.result[id]).toBeDefined();
        expectNumbers(report.result[id]!, ["bytes", "initMs"]);
      }
    },
    BENCH_TIMEOUT_MS,
  );

  it("the run record renders as one table and as latest.json with every benchmark under its key", () => {
    const report: BenchmarkReport<{ figure: number }> = {
      key: "example",
      title: "Example",
      method: ["measured somehow"],
      rows: [{ figure: "a figure", value: 1.5, unit: "ms", target: below(2, " ms") }],
      result: { figure: 1.5 },
    };
    const record = { size: "smoke" as const, startedAt: new Date(0).toISOString(), durationS: 1, machine: { ...machineInfo(), loadAverage1mAtStart: 0 }, reports: [report], failures: [] };
    expect(renderConsole(record)).toContain("a figure");
    const json = toJson(record);
    expect(json.example).toEqual({ figure: 1.5 });
    expect(json.targets).toEqual([{ benchmark: "example", figure: "a figure", value: 1.5, target: "< 2 ms", met: true }]);
    // Nothing missed, nothing to explain.
    expect(json.misses).toEqual([]);
    expect(renderConsole(record)).not.toContain("Why the missed targets");

    const missed = { ...record, reports: [{ ...report, rows: [{ ...report.rows[0]!, value: 3 }] }] };
    expect(renderConsole(missed)).toContain("Why the missed targets were missed");
    expect(renderMarkdown(missed)).toContain("- **Example, a figure**:");
    expect(toJson(missed).misses).toEqual([{ benchmark: "Example", figure: "a figure", why: expect.stringMatching(/No figure in this run explains it/) }]);
  });
});
