/**
 * Benchmark 3, end-to-end throughput and latency: K standard orders POSTed at once
 * through the local API Gateway, each running the whole workflow to completion.
 */
import type { LocalStack } from "../src/local/stack";
import { DEFAULT_MAX_CONCURRENCY } from "../src/local/function-runtime";
import type { ExecutionSummary } from "../src/local/lambda-service";
import { getOrderStatus, postOrder, type PostedOrder } from "./lib/api";
import { standardOrder } from "./lib/orders";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize, type FigureRow } from "./lib/report";
import { startBenchStack } from "./lib/stack";
import { countCalls, perUnit, type CallCounts } from "./lib/call-counts";
import { cpuSince, cpuSnapshot } from "./lib/cpu";
import { measuredWindow } from "./lib/profile";
import { p50, p99, round } from "./lib/stats";
import { TARGETS, type Target } from "./lib/targets";

/**
 * 300 s of warehouse wait becomes 0.3 s, the pickup polls 0.18 s in all. Not smaller:
 * the scale shrinks the 48 h execution timeout too, and at 0.0001 a busy machine
 * times executions out after 17 s.
 */
export const THROUGHPUT_TIME_SCALE = 0.001;
/** Worker latency simulation off: this measures the API, the engine and DynamoDB, not the simulated workers. */
export const THROUGHPUT_WORKER_LATENCY_MS = "0";

const BATCHES: Record<BenchSize, number[]> = { smoke: [2], quick: [20], full: [50, 200] };
/** Enough concurrent orders to start every sandbox (twice the cores per function) before the clock runs. */
const WARM_UP_ORDERS: Record<BenchSize, number> = { smoke: 1, quick: 10, full: 20 };
const COMPLETION_TIMEOUT_MS = 300_000;
const SERIAL_POSTS: Record<BenchSize, number> = { smoke: 1, quick: 3, full: 20 };

export interface ThroughputRun {
  orders: number;
  ordersPerSecond: number;
  postP50Ms: number;
  postP99Ms: number;
  completionP50Ms: number;
  completionP99Ms: number;
  errors: number;
  firstError?: string;
  /** First POST sent to last order completed, ms. */
  elapsedMs: number;
  /** CPU time of the whole stack (every thread of this process) per order, ms: 2 cores can finish at most 2000 / this orders per second. */
  cpuMsPerOrder: number;
  /** Busy time per order of the main thread, which serves the Lambda service, the API Gateway and DynamoDB (one thread can finish at most 1000 / this orders per second). */
  mainThreadMsPerOrder: number;
  /** CPU time per order of the main thread alone (Linux), which unlike busy time does not grow when the thread waits for a core. */
  mainThreadCpuMsPerOrder?: number;
  /** API calls per order that the functions' SDK clients made, counted by the local servers over the batch. */
  callsPerOrder: CallCounts;
}

/**
 * POSTs one at a time, nothing else running: the API's own latency, without queueing, and
 * the CPU the whole process spent while each was in flight (the workflow it starts begins
 * inside that window too).
 */
async function serialPosts(stack: LocalStack, count: number): Promise<{ p50: number; p99: number; cpuMs: number }> {
  const posts: PostedOrder[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const cpuBefore = cpuSnapshot();
    posts.push(await postOrder(stack.apiUrl, standardOrder(`bench-serial-${i}`)));
    cpuMs.push(cpuSince(cpuBefore).processMs);
    // Let the order's workflow finish so the next POST has the machine to itself.
    const orderId = posts.at(-1)!.orderId;
    if (orderId) await awaitExecutions(stack, [orderId], COMPLETION_TIMEOUT_MS);
  }
  const latencies = posts.map((p) => p.latencyMs);
  return { p50: round(p50(latencies), 1), p99: round(p99(latencies), 1), cpuMs: round(p50(cpuMs), 1) };
}

export interface ThroughputResult extends ThroughputRun {
  /** POST latency with one request at a time (no queueing), p50 and p99 over SERIAL_POSTS requests. */
  serialPostP50Ms: number;
  serialPostP99Ms: number;
  /** Median CPU time of the whole process while one of those POSTs was in flight. */
  serialPostCpuMs: number;
  /** Every batch size measured; the headline figures are the largest batch's. */
  runs: Record<string, ThroughputRun>;
  timeScale: number;
  workerLatencyMs: number;
}

interface Outcome {
  posted: PostedOrder;
  execution?: ExecutionSummary;
  finalStatus?: string;
  error?: string;
}

/** Follows all the batch's executions with one poll of the service's execution list, not one per order. */
async function awaitExecutions(stack: LocalStack, orderIds: readonly string[], timeoutMs: number): Promise<Map<string, ExecutionSummary>> {
  const wanted = new Map(orderIds.map((id) => [`order-${id}`, id]));
  const ended = new Map<string, ExecutionSummary>();
  const deadline = Date.now() + timeoutMs;
  while (ended.size < wanted.size && Date.now() < deadline) {
    for (const execution of stack.lambdaService.listExecutions()) {
      const orderId = wanted.get(execution.executionName);
      if (orderId && execution.status !== "RUNNING") ended.set(orderId, execution);
    }
    // Completion times come from the executions themselves, so polling slowly costs no precision.
    if (ended.size < wanted.size) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return ended;
}

async function runBatch(stack: LocalStack, orders: number): Promise<ThroughputRun> {
  const calls = await countCalls(stack);
  const cpuBefore = cpuSnapshot();
  const eluBefore = performance.eventLoopUtilization();
  const posts = await Promise.all(Array.from({ length: orders }, (_, i) => postOrder(stack.apiUrl, standardOrder(`bench-throughput-${i}`))));
  const accepted = posts.filter((p) => p.orderId !== undefined);
  const executions = await awaitExecutions(stack, accepted.map((p) => p.orderId!), COMPLETION_TIMEOUT_MS);
  const cpu = cpuSince(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  const callCounts = await calls.since();
  const outcomes: Outcome[] = posts.map((posted) => {
    if (!posted.orderId) return { posted, error: posted.error ?? `HTTP ${posted.status}` };
    const execution = executions.get(posted.orderId);
    if (!execution) return { posted, error: "did not finish in time" };
    return { posted, execution, ...(execution.status === "SUCCEEDED" ? {} : { error: `execution ${execution.status}` }) };
  });
  // The order record must say completed too (read after the clock stopped).
  for (const outcome of outcomes) {
    if (outcome.error || !outcome.posted.orderId) continue;
    outcome.finalStatus = await getOrderStatus(stack.apiUrl, outcome.posted.orderId).catch(() => undefined);
    if (outcome.finalStatus !== "completed") outcome.error = `order status ${outcome.finalStatus ?? "unreadable"}`;
  }
  const completed = outcomes.filter((o) => !o.error && o.execution?.endTimestamp);
  const firstSent = Math.min(...posts.map((p) => p.sentAtMs));
  const lastEnd = Math.max(firstSent, ...completed.map((o) => o.execution!.endTimestamp!.getTime()));
  const elapsedMs = lastEnd - firstSent;
  const completionMs = completed.map((o) => o.execution!.endTimestamp!.getTime() - o.posted.sentAtMs);
  const postMs = posts.map((p) => p.latencyMs);
  return {
    orders,
    ordersPerSecond: round(elapsedMs > 0 ? completed.length / (elapsedMs / 1000) : 0, 2),
    postP50Ms: round(p50(postMs), 1),
    postP99Ms: round(p99(postMs), 1),
    completionP50Ms: round(p50(completionMs), 1),
    completionP99Ms: round(p99(completionMs), 1),
    errors: outcomes.filter((o) => o.error).length,
    ...(outcomes.some((o) => o.error) ? { firstError: outcomes.find((o) => o.error)!.error! } : {}),
    elapsedMs: round(elapsedMs, 0),
    cpuMsPerOrder: round(cpu.processMs / orders, 1),
    mainThreadMsPerOrder: round(elu.active / orders, 1),
    ...(cpu.mainThreadMs !== undefined ? { mainThreadCpuMsPerOrder: round(cpu.mainThreadMs / orders, 1) } : {}),
    callsPerOrder: perUnit(callCounts, orders),
  };
}

export async function runThroughputBenchmark(options: BenchOptions): Promise<BenchmarkReport<ThroughputResult>> {
  const log = quietLog(options);
  const batches = BATCHES[options.size];
  const bench = await startBenchStack({
    timeScale: THROUGHPUT_TIME_SCALE,
    // SAM --env-vars shape: "Parameters" applies to every function that declares the variable.
    environmentOverrides: { Parameters: { WORKER_LATENCY_MS: THROUGHPUT_WORKER_LATENCY_MS } },
  });
  try {
    await runBatch(bench.stack, WARM_UP_ORDERS[options.size]);
    const serial = await serialPosts(bench.stack, SERIAL_POSTS[options.size]);
    log(`throughput: one POST at a time: p50 ${serial.p50} ms, p99 ${serial.p99} ms`);
    const runs: Record<string, ThroughputRun> = {};
    for (const orders of batches) {
      const run = await measuredWindow(`throughput K=${orders}`, () => runBatch(bench.stack, orders));
      runs[String(orders)] = run;
      log(`throughput: K=${orders}: ${run.ordersPerSecond} orders/s, POST p99 ${run.postP99Ms} ms, completion p99 ${run.completionP99Ms} ms, errors ${run.errors}`);
    }
    const headline = runs[String(batches.at(-1))]!;
    const rows: FigureRow[] = [
      { figure: "one POST at a time: p50", value: serial.p50, unit: "ms" },
      { figure: "one POST at a time: p99", value: serial.p99, unit: "ms", target: TARGETS.postP99Ms },
      { figure: "one POST at a time: CPU while in flight (median)", value: serial.cpuMs, unit: "ms" },
    ];
    // The targets: orders/s and CPU at K = 200, POST p99 with 50 at once.
    const at = (run: ThroughputRun, orders: number, target: Target) => (run.orders === orders ? { target } : {});
    rows.push(...Object.values(runs).flatMap((run): FigureRow[] => [
      { figure: `K=${run.orders}: completed orders/s`, value: run.ordersPerSecond, unit: "orders/s", ...at(run, 200, TARGETS.ordersPerSecond) },
      { figure: `K=${run.orders}: POST p50`, value: run.postP50Ms, unit: "ms" },
      { figure: `K=${run.orders}: POST p99`, value: run.postP99Ms, unit: "ms", ...at(run, 50, TARGETS.postP99Ms) },
      { figure: `K=${run.orders}: completion p50`, value: run.completionP50Ms, unit: "ms" },
      { figure: `K=${run.orders}: completion p99`, value: run.completionP99Ms, unit: "ms" },
      { figure: `K=${run.orders}: errors`, value: run.errors, unit: "", target: TARGETS.throughputErrors },
      { figure: `K=${run.orders}: CPU per order (all threads)`, value: run.cpuMsPerOrder, unit: "ms", ...at(run, 200, TARGETS.cpuMsPerOrder) },
      { figure: `K=${run.orders}: main-thread busy per order`, value: run.mainThreadMsPerOrder, unit: "ms" },
      ...(run.mainThreadCpuMsPerOrder !== undefined ? [{ figure: `K=${run.orders}: main-thread CPU per order`, value: run.mainThreadCpuMsPerOrder, unit: "ms" }] : []),
      { figure: `K=${run.orders}: SDK calls per order, all`, value: run.callsPerOrder.total, unit: "calls" },
      { figure: `K=${run.orders}: SDK calls per order, checkpoints`, value: run.callsPerOrder.checkpoint, unit: "calls" },
      { figure: `K=${run.orders}: SDK calls per order, DynamoDB`, value: run.callsPerOrder.dynamodb, unit: "calls" },
    ]));
    return {
      key: "throughput",
      title: "End-to-end throughput",
      method: [
        `One local stack (in memory, warm, at most ${DEFAULT_MAX_CONCURRENCY} sandboxes per function, the default of twice the cores); DURABLE_EXECUTIONS_TIME_SCALE=${THROUGHPUT_TIME_SCALE} (the 300 s warehouse wait takes 0.3 s, the carrier pickup polls 0.18 s); WORKER_LATENCY_MS=${THROUGHPUT_WORKER_LATENCY_MS} for every worker (no simulated latency), so the engine, the API and DynamoDB are what is measured.`,
        `K standard orders ($79.98, no approval) are POSTed at the same moment through the local API Gateway (K = ${batches.join(", ")}), after ${WARM_UP_ORDERS[options.size]} warm-up orders and ${SERIAL_POSTS[options.size]} POSTs sent one at a time (each order left to finish before the next: the API's latency without queueing); completion = the execution's end timestamp minus the moment its POST was sent.`,
        "CPU per order = this process's CPU time over the batch / K (the stack runs in the benchmark's process: main thread for DynamoDB, the Lambda service and the gateway, worker threads for the functions); main-thread busy = its event-loop active time / K; main-thread CPU = that thread's own CPU time (/proc) / K.",
        "SDK calls per order = the requests the local Lambda service (by operation) and the local DynamoDB (its capacity meter) answered during the batch / K: every call the functions' clients made, the re-driver's scheduled queries included; the gateway's invokes of the API and the service's chained invokes of the workers happen in-process and are not calls.",
        "orders/s = completed orders / (last completion - first POST); an error is a POST that was not 202, an execution that did not succeed, or an order whose status is not completed afterwards.",
      ],
      rows,
      result: { ...headline, serialPostP50Ms: serial.p50, serialPostP99Ms: serial.p99, serialPostCpuMs: serial.cpuMs, runs, timeScale: THROUGHPUT_TIME_SCALE, workerLatencyMs: Number(THROUGHPUT_WORKER_LATENCY_MS) },
    };
  } finally {
    await bench.close();
  }
}
