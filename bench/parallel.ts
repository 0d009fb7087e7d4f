/**
 * Benchmark 1, parallel speedup: the preparation phase (four worker calls with the
 * seed latencies 150, 200, 100 and 125 ms) as the workflow runs it, in parallel,
 * against the same phase run one call at a time (PREPARATION_MODE=sequential).
 *
 * Two stacks run side by side, one per mode, and orders alternate between them, so
 * that drift in the machine's load hits both modes alike. The phase is timed from
 * the execution's history: the prepare-order operation's start and end.
 */
import type { LambdaClient } from "@aws-sdk/client-lambda";
import { postOrder, waitForOrderExecution } from "./lib/api";
import { descendantsOf, fetchHistory, findOperation, summariseHistory } from "./lib/history";
import { standardOrder } from "./lib/orders";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize } from "./lib/report";
import { startBenchStack, type BenchStack } from "./lib/stack";
import { median, round } from "./lib/stats";
import { TARGETS } from "./lib/targets";

/** The seed's worker latencies (template.yaml WORKER_LATENCY_MS), in ms. */
export const SEED_LATENCIES_MS = { inventory: 150, payment: 200, shipping: 100, tax: 125 } as const;
const SUM_MS = Object.values(SEED_LATENCIES_MS).reduce((a, b) => a + b, 0);
const LONGEST_MS = Math.max(...Object.values(SEED_LATENCIES_MS));
/** The best a parallel phase can do against a sequential one: sum / longest = 575 / 200. */
export const PARALLEL_LIMIT = SUM_MS / LONGEST_MS;

/** Waits (warehouse, pickup polls) shrink a thousandfold so each order ends in a second or two. */
export const PARALLEL_TIME_SCALE = 0.001;

/** At least 10 per mode for published figures (the rule); --quick trades that for time. */
const ORDERS_PER_MODE: Record<BenchSize, number> = { smoke: 1, quick: 5, full: 15 };

export const PREPARATION_MODE_VARIABLE = "PREPARATION_MODE";

export interface ParallelResult {
  /** Median prepare-order time, sequential mode, ms. */
  sequentialMs: number;
  /** Median prepare-order time, parallel mode, ms. */
  parallelMs: number;
  speedup: number;
  limit: number;
  /** Longest worker call (median of its measured chained invoke) / parallel phase time. */
  efficiency: number;
  /** Median duration of the longest chained invoke in the parallel phase, ms. */
  longestWorkerMs: number;
  /** Median of the four chained invokes' summed durations in sequential mode, ms. */
  sequentialWorkSumMs: number;
  ordersPerMode: number;
  timeScale: number;
  workerLatencyMs: typeof SEED_LATENCIES_MS;
}

interface PhaseSample {
  phaseMs: number;
  invokes: Array<{ startMs: number; endMs: number }>;
}

async function preparationPhase(stack: BenchStack, lambda: LambdaClient): Promise<PhaseSample> {
  const posted = await postOrder(stack.stack.apiUrl, standardOrder());
  if (!posted.orderId) throw new Error(`POST /orders failed: ${posted.error ?? posted.status}`);
  const execution = await waitForOrderExecution(stack.stack, posted.orderId, 120_000);
  if (execution.status !== "SUCCEEDED") throw new Error(`order ${posted.orderId} ended ${execution.status}: ${JSON.stringify(execution.error)}`);
  const summary = summariseHistory(await fetchHistory(lambda, execution.executionArn));
  const phase = findOperation(summary, "prepare-order");
  if (phase?.startMs === undefined || phase.endMs === undefined) throw new Error("the history has no finished prepare-order operation");
  const invokes = descendantsOf(summary, phase.id)
    .filter((op) => op.kind === "CHAINED_INVOKE" && op.startMs !== undefined && op.endMs !== undefined)
    .map((op) => ({ startMs: op.startMs!, endMs: op.endMs! }));
  if (invokes.length !== 4) throw new Error(`prepare-order made ${invokes.length} worker calls, expected 4`);
  return { phaseMs: phase.endMs - phase.startMs, invokes };
}

function overlaps(invokes: PhaseSample["invokes"]): boolean {
  const sorted = [...invokes].sort((a, b) => a.startMs - b.startMs);
  return sorted.some((invoke, i) => i > 0 && invoke.startMs < sorted[i - 1]!.endMs);
}

export async function runParallelBenchmark(options: BenchOptions): Promise<BenchmarkReport<ParallelResult>> {
  const log = quietLog(options);
  const orders = ORDERS_PER_MODE[options.size];
  // SAM --env-vars shape: the template declares PREPARATION_MODE (parallel), so it can be overridden.
  const [parallelStack, sequentialStack] = await Promise.all([
    startBenchStack({ timeScale: PARALLEL_TIME_SCALE }),
    startBenchStack({ timeScale: PARALLEL_TIME_SCALE, environmentOverrides: { OrderWorkflowFunction: { [PREPARATION_MODE_VARIABLE]: "sequential" } } }),
  ]);
  try {
    // One order each first: the first call of each worker sandbox pays for loading its code.
    // The smoke run (npm test) only checks that the benchmark works, so it measures its one order cold.
    if (options.size !== "smoke") {
      await preparationPhase(parallelStack, parallelStack.lambda);
      await preparationPhase(sequentialStack, sequentialStack.lambda);
    }

    const parallel: PhaseSample[] = [];
    const sequential: PhaseSample[] = [];
    for (let i = 0; i < orders; i++) {
      parallel.push(await preparationPhase(parallelStack, parallelStack.lambda));
      sequential.push(await preparationPhase(sequentialStack, sequentialStack.lambda));
      log(`parallel: order ${i + 1}/${orders}: parallel ${round(parallel.at(-1)!.phaseMs, 0)} ms, sequential ${round(sequential.at(-1)!.phaseMs, 0)} ms`);
    }
    if (sequential.some((sample) => overlaps(sample.invokes))) {
      throw new Error(
        `the sequential comparison ran worker calls at the same time: the workflow does not honour ${PREPARATION_MODE_VARIABLE}=sequential (src/workflow/config.ts)`,
      );
    }
    if (!parallel.some((sample) => overlaps(sample.invokes))) throw new Error("the parallel preparation never overlapped its worker calls");

    const parallelMs = median(parallel.map((s) => s.phaseMs));
    const sequentialMs = median(sequential.map((s) => s.phaseMs));
    const longestWorkerMs = median(parallel.map((s) => Math.max(...s.invokes.map((i) => i.endMs - i.startMs))));
    const result: ParallelResult = {
      sequentialMs: round(sequentialMs, 1),
      parallelMs: round(parallelMs, 1),
      speedup: round(sequentialMs / parallelMs, 3),
      limit: round(PARALLEL_LIMIT, 3),
      efficiency: round(longestWorkerMs / parallelMs, 3),
      longestWorkerMs: round(longestWorkerMs, 1),
      sequentialWorkSumMs: round(median(sequential.map((s) => s.invokes.reduce((sum, i) => sum + (i.endMs - i.startMs), 0))), 1),
      ordersPerMode: orders,
      timeScale: PARALLEL_TIME_SCALE,
      workerLatencyMs: SEED_LATENCIES_MS,
    };
    return {
      key: "parallel",
      title: "Parallel speedup",
      method: [
        `Two local stacks side by side from template.yaml (seed WORKER_LATENCY_MS ${Object.values(SEED_LATENCIES_MS).join("/")} ms), one with the orchestrator's ${PREPARATION_MODE_VARIABLE}=sequential (the same parallel operation with maxConcurrency 1); DURABLE_EXECUTIONS_TIME_SCALE=${PARALLEL_TIME_SCALE}.`,
        `A standard order is POSTed to each in turn (interleaved, one order in flight at a time), ${orders} per mode after one warm-up each; the phase time is the prepare-order operation's end minus start in GetDurableExecutionHistory.`,
        `speedup = median sequential / median parallel; limit = ${SUM_MS} / ${LONGEST_MS} = ${round(PARALLEL_LIMIT, 3)}; efficiency = median longest worker call (its chained-invoke time) / median parallel phase.`,
      ],
      rows: [
        { figure: "prepare-order, sequential (median)", value: result.sequentialMs, unit: "ms" },
        { figure: "prepare-order, parallel (median)", value: result.parallelMs, unit: "ms" },
        { figure: "speedup", value: result.speedup, unit: "x", target: TARGETS.parallelSpeedup },
        { figure: "limit (575 / 200)", value: result.limit, unit: "x" },
        { figure: "efficiency (longest worker / phase)", value: result.efficiency, unit: "" },
      ],
      result,
    };
  } finally {
    await Promise.all([parallelStack.close(), sequentialStack.close()]);
  }
}
