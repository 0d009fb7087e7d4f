/**
 * `npm run bench -- --profile`: the benchmarks run under `node --cpu-prof` (one profile per
 * thread, the function sandboxes included), and this file reads the profiles back and says
 * where the CPU went: self time per component and the functions that cost the most.
 *
 * Only samples taken while a benchmark was measuring count (the windows it marks with
 * `measuredWindow`), so start-up, warm-up and handler compilation stay out of the figures.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cpuSince, cpuSnapshot } from "./cpu";

/** The profiled child process finds its profile folder here. */
export const PROFILE_DIR_ENV = "BENCH_PROFILE_DIR";
const WINDOWS_FILE = "measured-windows.json";

interface Window {
  label: string;
  startUs: number;
  endUs: number;
  /** Measured CPU of the process and of its main thread during the window. */
  processCpuMs: number;
  mainThreadCpuMs?: number;
}

const windows: Window[] = [];

/** Marks `work` as measured: its samples, on every thread, go into the breakdown. */
export async function measuredWindow<T>(label: string, work: () => Promise<T>): Promise<T> {
  const startUs = nowUs();
  const cpu = cpuSnapshot();
  try {
    return await work();
  } finally {
    const used = cpuSince(cpu);
    windows.push({ label, startUs, endUs: nowUs(), processCpuMs: used.processMs, ...(used.mainThreadMs !== undefined ? { mainThreadCpuMs: used.mainThreadMs } : {}) });
  }
}

/** V8's profile timestamps and process.hrtime both read the monotonic clock, in µs here. */
function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Called by the profiled child before it exits. */
export function writeMeasuredWindows(directory: string): void {
  writeFileSync(join(directory, WINDOWS_FILE), `${JSON.stringify(windows)}\n`);
}

// ---------- reading profiles ----------

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

/**
 * The local stack runs the functions' esbuild bundles, where the AWS SDK, the durable SDK and
 * our code share one minified file: each frame in a file with a source map is put back at its
 * original file, line and name, so the components are told apart as in the sources.
 */
class OriginalFrames {
  private readonly maps = new Map<string, { map: SourceMap; dir: string } | undefined>();

  original(frame: CallFrame): CallFrame {
    if (!frame.url.startsWith("file://")) return frame;
    const mapped = this.mapOf(frame.url);
    if (!mapped) return frame;
    const entry = mapped.map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string };
    if (!entry.originalSource) return frame;
    const source = entry.originalSource.startsWith("file://") ? entry.originalSource : pathToFileURL(resolve(mapped.dir, entry.originalSource)).href;
    return { functionName: entry.name ?? frame.functionName, url: source, lineNumber: entry.originalLine ?? 0, columnNumber: entry.originalColumn ?? 0 };
  }

  private mapOf(url: string): { map: SourceMap; dir: string } | undefined {
    if (this.maps.has(url)) return this.maps.get(url);
    let mapped: { map: SourceMap; dir: string } | undefined;
    const file = fileURLToPath(url);
    if (file.endsWith(".js") && existsSync(`${file}.map`)) {
      mapped = { map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8")) as never), dir: dirname(file) };
    }
    this.maps.set(url, mapped);
    return mapped;
  }
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export const Component = {
  dynamodb: "DynamoDB server (dynalite)",
  lambdaService: "Lambda service",
  apiGateway: "API gateway",
  functionRuntime: "function runtime (sandbox plumbing)",
  awsSdk: "AWS SDK",
  durableSdk: "durable execution SDK",
  ourCode: "our code (src/)",
  bench: "benchmark driver (bench/)",
  loader: "tsx loader",
  otherPackages: "other packages",
  node: "Node.js (HTTP, streams, timers, ...)",
  gc: "garbage collector",
} as const;
export type Component = (typeof Component)[keyof typeof Component];

const PACKAGE_COMPONENTS: Array<[RegExp, Component]> = [
  [/node_modules\/(dynalite|big\.js|buffer-crc32|lazy|level[^/]*|lock|memory-level|abstract-level|module-error|catering|functional-red-black-tree|async)\//, Component.dynamodb],
  [/node_modules\/@aws\/durable-execution-sdk-js\//, Component.durableSdk],
  [/node_modules\/(@aws-sdk|@smithy|@aws-crypto|fast-xml-parser|strnum|tslib|bowser)\//, Component.awsSdk],
  [/node_modules\/(tsx|esbuild|get-tsconfig|resolve-pkg-maps)\//, Component.loader],
  // The sandbox's own main, precompiled (src/local/sandbox-bootstrap.ts).
  [/node_modules\/\.cache\/local-sandbox\//, Component.functionRuntime],
  [/node_modules\//, Component.otherPackages],
  [/\/src\/local\/lambda-service\//, Component.lambdaService],
  [/\/src\/local\/(api-gateway|api-events|api-routes)\.ts/, Component.apiGateway],
  [/\/src\/local\/function-[a-z-]+\.ts/, Component.functionRuntime],
  [/\/src\/local\/dynamodb\.ts/, Component.dynamodb],
  [/\/src\//, Component.ourCode],
  [/\/bench\//, Component.bench],
];

/** A frame's own component, or undefined for Node's internals and native code (they take their caller's). */
function ownComponent(frame: CallFrame): Component | undefined {
  if (frame.functionName === "(garbage collector)") return Component.gc;
  const url = frame.url;
  if (!url || url.startsWith("node:")) return undefined;
  for (const [pattern, component] of PACKAGE_COMPONENTS) if (pattern.test(url)) return component;
  return undefined;
}

export type ThreadKind = "main thread" | "function sandboxes";

export interface FunctionCost {
  name: string;
  location: string;
  component: Component;
  thread: ThreadKind;
  selfMs: number;
}

export interface ProfileBreakdown {
  /**
   * CPU ms inside the measured windows (or the whole run when none were marked), idle excluded.
   * A sample lasts until the next one, so on a busy machine sampled time runs ahead of CPU time
   * (a thread waiting for a core still "spends" it); when the windows carry measured CPU, each
   * thread group is scaled to it: main thread = its own CPU, sandboxes = the rest of the process
   * (V8's and libuv's helper threads included).
   */
  totalMs: number;
  /** True when totalMs and every figure are scaled to measured CPU time. */
  scaledToCpu: boolean;
  byThread: Record<ThreadKind, number>;
  /** Self time, attributed to the component of the frame or, for Node internals, of its nearest caller that has one. */
  byComponent: Array<{ component: Component; thread: ThreadKind; ms: number }>;
  topFunctions: FunctionCost[];
  windows: number;
  profiles: number;
}

/** Node names a profile CPU.<date>.<time>.<pid>.<threadId>.<seq>.cpuprofile; thread 0 is the main thread. */
function threadOf(file: string): ThreadKind {
  return file.split(".")[4] === "0" ? "main thread" : "function sandboxes";
}

export function analyzeProfiles(directory: string, projectRoot: string): ProfileBreakdown {
  let marked: Window[] = [];
  try {
    marked = JSON.parse(readFileSync(join(directory, WINDOWS_FILE), "utf8")) as Window[];
  } catch {
    // No windows: the whole run counts.
  }
  const inWindow = (t: number) => marked.length === 0 || marked.some((w) => t >= w.startUs && t <= w.endUs);
  const byComponent = new Map<string, { component: Component; thread: ThreadKind; ms: number }>();
  const byFunction = new Map<string, FunctionCost>();
  const byThread: Record<ThreadKind, number> = { "main thread": 0, "function sandboxes": 0 };
  let totalMs = 0;
  const files = readdirSync(directory).filter((f) => f.endsWith(".cpuprofile"));
  const frames = new OriginalFrames();

  for (const file of files) {
    const thread = threadOf(file);
    const profile = JSON.parse(readFileSync(join(directory, file), "utf8")) as CpuProfile;
    for (const node of profile.nodes) node.callFrame = frames.original(node.callFrame);
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map<number, number>();
    for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
    const attributed = new Map<number, Component>();
    const componentOf = (id: number): Component => {
      const known = attributed.get(id);
      if (known) return known;
      let at: number | undefined = id;
      let found: Component | undefined;
      while (at !== undefined && !found) {
        found = ownComponent(nodes.get(at)!.callFrame);
        at = parents.get(at);
      }
      const component = found ?? Component.node;
      attributed.set(id, component);
      return component;
    };

    // A sample lasts until the next one.
    let t = profile.startTime;
    for (let i = 0; i < profile.samples.length; i++) {
      t += profile.timeDeltas[i] ?? 0;
      const durationUs = profile.timeDeltas[i + 1] ?? 0;
      const node = nodes.get(profile.samples[i]!)!;
      const name = node.callFrame.functionName;
      if (name === "(idle)" || name === "(root)" || !inWindow(t)) continue;
      const ms = durationUs / 1000;
      const component = componentOf(node.id);
      totalMs += ms;
      byThread[thread] += ms;
      const componentKey = `${thread}\u0000${component}`;
      const entry = byComponent.get(componentKey) ?? { component, thread, ms: 0 };
      entry.ms += ms;
      byComponent.set(componentKey, entry);
      const location = node.callFrame.url ? `${shortUrl(node.callFrame.url, projectRoot)}:${node.callFrame.lineNumber + 1}` : "(native)";
      const functionKey = `${thread}\u0000${name}\u0000${location}`;
      const cost = byFunction.get(functionKey) ?? { name: name || "(anonymous)", location, component, thread, selfMs: 0 };
      cost.selfMs += ms;
      byFunction.set(functionKey, cost);
    }
  }
  const measuredMain = marked.every((w) => w.mainThreadCpuMs !== undefined) ? sum(marked.map((w) => w.mainThreadCpuMs ?? 0)) : undefined;
  const scaledToCpu = marked.length > 0 && measuredMain !== undefined;
  if (scaledToCpu) {
    const measured: Record<ThreadKind, number> = { "main thread": measuredMain, "function sandboxes": sum(marked.map((w) => w.processCpuMs)) - measuredMain };
    const factor = (thread: ThreadKind) => (byThread[thread] > 0 ? measured[thread] / byThread[thread] : 0);
    for (const entry of byComponent.values()) entry.ms *= factor(entry.thread);
    for (const cost of byFunction.values()) cost.selfMs *= factor(cost.thread);
    byThread["main thread"] = measured["main thread"];
    byThread["function sandboxes"] = measured["function sandboxes"];
    totalMs = measured["main thread"] + measured["function sandboxes"];
  }
  return {
    totalMs,
    scaledToCpu,
    byThread,
    byComponent: [...byComponent.values()].sort((a, b) => b.ms - a.ms),
    topFunctions: [...byFunction.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, 25),
    windows: marked.length,
    profiles: files.length,
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function shortUrl(url: string, projectRoot: string): string {
  const path = url.startsWith("file://") ? decodeURIComponent(new URL(url).pathname) : url;
  if (!path.startsWith(projectRoot)) return path;
  return relative(projectRoot, path).split(sep).join("/").replace(/^node_modules\//, "");
}

export function renderBreakdown(breakdown: ProfileBreakdown, directory: string): string {
  const pct = (ms: number) => `${((100 * ms) / (breakdown.totalMs || 1)).toFixed(1)} %`;
  const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`;
  const lines = [
    `CPU profile: ${breakdown.profiles} thread profiles in ${directory}`,
    `${ms(breakdown.totalMs)} of ${breakdown.scaledToCpu ? "measured CPU" : "sampled time (not scaled to CPU)"} ` +
      `${breakdown.windows > 0 ? `inside ${breakdown.windows} measured windows` : "over the whole run"} ` +
      `(main thread ${ms(breakdown.byThread["main thread"])}, function sandboxes and helper threads ${ms(breakdown.byThread["function sandboxes"])})`,
    "Shares within each thread come from the profiler's samples.",
    "",
    "Self time by component (Node internals count for their nearest caller with a component):",
    ...breakdown.byComponent.filter((c) => c.ms >= breakdown.totalMs / 1000).map(
      (c) => `  ${pct(c.ms).padStart(7)}  ${ms(c.ms).padStart(10)}  ${c.thread.padEnd(18)}  ${c.component}`),
    "",
    "Top self-time functions:",
    ...breakdown.topFunctions.map(
      (f) => `  ${pct(f.selfMs).padStart(7)}  ${f.thread.padEnd(18)}  ${f.component.padEnd(36)}  ${f.name} ${f.location}`),
  ];
  return lines.join("\n");
}
