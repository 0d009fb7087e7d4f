/**
 * `npm run local -- metrics`: the local stack keeps each function's output in
 * <data-dir>/logs/<FunctionName>.log, and the command sums the EMF lines found there.
 */
import { existsSync, readFileSync } from "node:fs";
import { runCli } from "../../../src/local/cli";
import { functionLogFile } from "../../../src/local/function-logs";
import { emfPoints, formatMetricsTable, summarise } from "../../../src/local/cli/metrics";
import { createOrder, smallOrder } from "../../reliability/support/orders";
import { startInProcessStack, waitForOrderStatus, type RunningStack } from "../../support/stack";

describe("reading EMF lines", () => {
  const line = (name: string, unit: string, value: number, dimensions: Record<string, string> = {}) =>
    JSON.stringify({
      _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: "OrderProcessing", Dimensions: [["service", ...Object.keys(dimensions)]], Metrics: [{ Name: name, Unit: unit }] }] },
      service: "order-processing",
      ...dimensions,
      [name]: value,
    });

  it("takes the data points of EMF lines and ignores every other line", () => {
    expect(emfPoints(line("OrdersFailed", "Count", 1, { Reason: "declined" }))).toEqual([{ name: "OrdersFailed", unit: "Count", dimensions: "Reason=declined", value: 1 }]);
    expect(emfPoints('{"level":"INFO","message":"worker call"}')).toEqual([]);
    expect(emfPoints("START RequestId: 1")).toEqual([]);
  });

  it("sums counts per metric and dimensions, and gives percentiles of durations", () => {
    const points = [
      ...[1, 2, 3, 4, 10].map((value) => emfPoints(line("TimeToComplete", "Seconds", value))).flat(),
      ...emfPoints(line("OrdersFailed", "Count", 1, { Reason: "declined" })),
      ...emfPoints(line("OrdersFailed", "Count", 1, { Reason: "declined" })),
      ...emfPoints(line("OrdersFailed", "Count", 1, { Reason: "rejected" })),
    ];
    const summaries = summarise(points);
    expect(summaries.map(({ name, dimensions, count, sum }) => [name, dimensions, count, sum])).toEqual([
      ["OrdersFailed", "Reason=declined", 2, 2],
      ["OrdersFailed", "Reason=rejected", 1, 1],
      ["TimeToComplete", "", 5, 20],
    ]);
    expect(summaries[2]).toMatchObject({ p50: 3, p90: 10, p99: 10, max: 10 });
    expect(formatMetricsTable(summaries).split("\n")[0]).toMatch(/^METRIC\s+DIMENSIONS\s+UNIT\s+POINTS\s+SUM\s+P50\s+P90\s+P99\s+MAX$/);
  });
});

describe("npm run local -- metrics on a running stack", () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startInProcessStack({ timeScale: 0.001 });
  }, 120_000);
  afterAll(async () => stack?.close());

  test("shows the metrics the functions emitted for an order that completed, as Powertools wrote them", async () => {
    const orderId = await createOrder(stack.apiUrl, smallOrder());
    await waitForOrderStatus(stack.apiUrl, orderId, "completed", 60_000);

    // The last step writes the status, then one EMF line per metric (OrdersCompleted, then
    // TimeToComplete); each line reaches the log file from the sandbox's stdout moments later,
    // so both are awaited (the order's status can be read before either line lands).
    const workflowLog = functionLogFile(stack.dataDir, "OrderWorkflowFunction");
    for (const metric of ['"OrdersCompleted"', '"TimeToComplete"']) {
      expect(await eventuallyContains(workflowLog, metric, 10_000)).toBe(true);
    }
    const out: string[] = [];
    const code = await runCli(["metrics", "--data-dir", stack.dataDir], { out: (text) => out.push(text), err: () => undefined });

    expect(code).toBe(0);
    const rows = out.join("\n").split("\n");
    const row = (metric: string) => rows.find((line) => line.startsWith(`${metric} `))?.split(/\s{2,}/);
    expect(row("OrdersAccepted")).toEqual(["OrdersAccepted", "-", "Count", "1", "1"]);
    expect(row("OrdersCompleted")).toEqual(["OrdersCompleted", "-", "Count", "1", "1"]);
    expect(row("TimeToComplete")?.slice(0, 4)).toEqual(["TimeToComplete", "-", "Seconds", "1"]);
  });
});

/** Whether the file holds `text` within `timeoutMs` (read every 50 ms). */
async function eventuallyContains(path: string, text: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(path) && readFileSync(path, "utf8").includes(text)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
