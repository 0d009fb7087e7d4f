/**
 * Why a target was missed, worked out from the figures of the same run: the table says
 * MISS, this says what the miss is made of (calls per order, CPU per call, bytes per
 * package), so a reader does not have to take the README's word for it. `--profile`
 * adds where the CPU went by component; these lines say why it adds up to what it does.
 */
import type { BundlesResult } from "../bundles";
import type { OverheadResult } from "../overhead";
import type { ParallelResult } from "../parallel";
import type { SdkCallsResult } from "../sdk-calls";
import type { ThroughputResult, ThroughputRun } from "../throughput";
import type { BenchmarkReport, FigureRow } from "./report";
import { TARGETS, type Target } from "./targets";

export interface MissExplanation {
  benchmark: string;
  figure: string;
  why: string;
}

/** The results this run has, by benchmark key. */
interface RunResults {
  throughput?: ThroughputResult;
  overhead?: OverheadResult;
  "sdk-calls"?: SdkCallsResult;
  bundles?: BundlesResult;
  parallel?: ParallelResult;
}

interface Context {
  results: RunResults;
  cores: number;
  row: FigureRow;
}

const ms = (value: number) => `${value >= 100 ? Math.round(value).toLocaleString("en-US") : Number(value.toFixed(value >= 10 ? 1 : 2))} ms`;
const kb = (bytes: number) => `${Math.round(bytes / 1000)} KB`;

/** The SDK client's own CPU per call (DynamoDB and checkpoint alike, their mean) at the first and last stretch measured. */
function clientCost(sdk: SdkCallsResult | undefined): { coldMs: number; warmMs: number; warmFrom: number; httpWarmMs: number } | undefined {
  if (!sdk || sdk.callsAtEnd.length === 0) return undefined;
  const mean = (i: number) => ((sdk.cpuMsPerCall["dynamodb-get"][i] ?? 0) + (sdk.cpuMsPerCall["lambda-checkpoint"][i] ?? 0)) / 2;
  const last = sdk.callsAtEnd.length - 1;
  return { coldMs: mean(0), warmMs: mean(last), warmFrom: (sdk.callsAtEnd[last - 1] ?? 0) + 1, httpWarmMs: sdk.cpuMsPerCall["node-http"][last] ?? 0 };
}

const NO_SDK_FIGURES = "Run the sdk-calls benchmark too for what the SDK client alone costs per call.";

function runAt(throughput: ThroughputResult | undefined, orders: number): ThroughputRun | undefined {
  return throughput?.runs[String(orders)] ?? (throughput?.orders === orders ? throughput : undefined);
}

function cpuPerOrder({ results, row }: Context): string | undefined {
  const run = runAt(results.throughput, 200) ?? results.throughput;
  if (!run) return undefined;
  const calls = run.callsPerOrder;
  const mainMs = run.mainThreadCpuMsPerOrder;
  const sandboxMs = mainMs !== undefined ? run.cpuMsPerOrder - mainMs : undefined;
  const parts = [
    `An order made ${calls.total} API calls from the functions' SDK clients (${calls.checkpoint} checkpoints, ${calls.state} state reads, ${calls.otherLambda} other Lambda calls, ${calls.dynamodb} DynamoDB requests), counted by the local servers.`,
  ];
  if (mainMs !== undefined && sandboxMs !== undefined) {
    parts.push(`The main thread (DynamoDB, the Lambda service, the gateway) used ${ms(mainMs)} of the ${ms(row.value)}; the function sandboxes ${ms(sandboxMs)}, ${ms(sandboxMs / calls.total)} per call, handler work included.`);
  }
  const client = clientCost(results["sdk-calls"]);
  if (client) {
    parts.push(`The SDK client alone costs ${ms(client.coldMs)} of CPU per call in a fresh process and ${ms(client.warmMs)} after ${client.warmFrom.toLocaleString("en-US")} calls (Node's HTTP client alone: ${ms(client.httpWarmMs)}): ${calls.total} calls are ${ms(calls.total * client.warmMs)} to ${ms(calls.total * client.coldMs)} per order before any server or handler work, against a target of ${ms(TARGETS.cpuMsPerOrder.limit)}.`);
  } else parts.push(NO_SDK_FIGURES);
  return parts.join(" ");
}

function ordersPerSecond({ results, cores }: Context): string | undefined {
  const run = runAt(results.throughput, 200) ?? results.throughput;
  if (!run) return undefined;
  const budget = (cores * 1000) / TARGETS.ordersPerSecond.limit;
  return `${TARGETS.ordersPerSecond.limit} orders/s on ${cores} cores leaves ${ms(budget)} of CPU per order; this run spent ${ms(run.cpuMsPerOrder)} (${cores} × 1,000 / ${run.cpuMsPerOrder} = ${(cores * 1000 / run.cpuMsPerOrder).toFixed(1)} orders/s at best). See the CPU per order.`;
}

function postP99({ results, cores, row }: Context): string | undefined {
  const throughput = results.throughput;
  if (!throughput) return undefined;
  if (row.figure.startsWith("one POST")) {
    return `With nothing queued the median POST took ${ms(throughput.serialPostP50Ms)}; over this few POSTs the p99 is the slowest one (${ms(row.value)}), so a single stall (a garbage collection, another process on the machine) decides it.`;
  }
  const orders = Number(/K=(\d+)/.exec(row.figure)?.[1] ?? 50);
  const cpu = throughput.serialPostCpuMs;
  return `Alone, a POST and the first invocation of the workflow it starts (which begins before the POST answers) took ${ms(cpu)} of the process's CPU (median). ${orders} at once are ${ms(orders * cpu)} of CPU, at least ${ms((orders * cpu) / cores)} on ${cores} cores before the last can answer, while the orders already accepted run beside them; a p99 of ${ms(row.value)} is that queue. ${TARGETS.postP99Ms.limit} ms for ${orders} would need under ${ms((TARGETS.postP99Ms.limit * cores) / orders)} of CPU per POST.`;
}

function msPerStep({ results, row }: Context): string | undefined {
  const overhead = results.overhead;
  if (!overhead) return undefined;
  const calls = overhead.checkpointCallsPerStep;
  const parts = [
    `Each no-op step made ${calls} checkpoint call${calls === 1 ? "" : "s"} (counted by the service), one round trip after another, so ${ms(row.value)} per step is ${ms(row.value / calls)} per call, client and service together, and ${ms(TARGETS.msPerStepAt100.limit)} per step leaves ${ms(TARGETS.msPerStepAt100.limit / calls)} per call. CPU per step: ${ms(overhead.cpuMsPerStep)}, both threads.`,
  ];
  const client = clientCost(results["sdk-calls"]);
  if (client) parts.push(`The SDK client alone spends ${ms(client.warmMs)} to ${ms(client.coldMs)} of CPU per call (warm to fresh), before the service does anything.`);
  else parts.push(NO_SDK_FIGURES);
  return parts.join(" ");
}

function bundleBytes({ results, row }: Context): string | undefined {
  const id = /^(\w+) bundle$/.exec(row.figure)?.[1];
  const bundle = id ? results.bundles?.[id] : undefined;
  if (!bundle) return undefined;
  const largest = Object.entries(bundle.largestInputs).map(([input, bytes]) => `${input} ${kb(bytes)}`).join(", ");
  return `Largest contributors (esbuild's metafile): ${largest}. The durable SDK loads @aws-sdk/client-lambda with one import() of the whole package, so the bundle holds every Lambda command's schema and error class; SAM's esbuild options cannot redirect that import.`;
}

function initMs({ results, row }: Context): string | undefined {
  const id = /^(\w+) module init$/.exec(row.figure)?.[1];
  const bundle = id ? results.bundles?.[id] : undefined;
  if (!bundle) return undefined;
  const withoutMaps = bundle.initMsWithoutSourceMaps !== undefined ? `, ${ms(bundle.initMsWithoutSourceMaps)} without --enable-source-maps (reading a ${kb(bundle.sourcemapBytes)} map)` : "";
  return `${ms(bundle.initMs)} to require ${kb(bundle.bytes)} of minified JavaScript${withoutMaps}. V8 compiles and runs the whole bundle's top level at load: the AWS SDK clients' schemas and the durable SDK register themselves when loaded.`;
}

function errors({ results }: Context): string | undefined {
  const run = results.throughput;
  const first = Object.values(run?.runs ?? {}).find((r) => r.firstError)?.firstError;
  return first ? `First error: ${first}` : undefined;
}

function speedup({ results }: Context): string | undefined {
  const parallel = results.parallel;
  if (!parallel) return undefined;
  return `The limit for these worker latencies is ${parallel.limit.toFixed(3)}x; the parallel phase took ${ms(parallel.parallelMs)} against its longest worker call's ${ms(parallel.longestWorkerMs)} (efficiency ${parallel.efficiency}).`;
}

const EXPLAINERS = new Map<Target, (context: Context) => string | undefined>([
  [TARGETS.cpuMsPerOrder, cpuPerOrder],
  [TARGETS.ordersPerSecond, ordersPerSecond],
  [TARGETS.postP99Ms, postP99],
  [TARGETS.msPerStepAt100, msPerStep],
  [TARGETS.orchestratorBundleBytes, bundleBytes],
  [TARGETS.workerBundleBytes, bundleBytes],
  [TARGETS.orchestratorInitMs, initMs],
  [TARGETS.throughputErrors, errors],
  [TARGETS.parallelSpeedup, speedup],
]);

/** One explanation per missed target, in the table's order; a miss with nothing to go on says so. */
export function explainMisses(reports: ReadonlyArray<BenchmarkReport<unknown>>, cores: number): MissExplanation[] {
  const results = Object.fromEntries(reports.map((report) => [report.key, report.result])) as RunResults;
  return reports.flatMap((report) =>
    report.rows
      .filter((row) => row.target && !row.target.met(row.value))
      .map((row) => ({
        benchmark: report.title,
        figure: row.figure,
        why: EXPLAINERS.get(row.target!)?.({ results, cores, row }) ?? "No figure in this run explains it; run the benchmark it depends on, or with --profile.",
      })),
  );
}
