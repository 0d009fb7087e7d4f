/**
 * `npm run bench [-- --quick] [-- --only parallel,cost] [-- --profile]`: runs every benchmark
 * against local stacks it starts itself, prints one table (figures, targets, method, machine)
 * and writes bench/results/latest.json (and latest.md, the same table in Markdown). With
 * --profile the run happens in a child process under `node --cpu-prof`, and the CPU profiles
 * are summarised by component afterwards.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { runBundlesBenchmark } from "./bundles";
import { runCapacityBenchmark } from "./capacity";
import { runCostBenchmark } from "./cost";
import { machineInfo } from "./lib/machine";
import { analyzeProfiles, PROFILE_DIR_ENV, renderBreakdown, writeMeasuredWindows } from "./lib/profile";
import type { BenchmarkReport, BenchOptions, BenchSize } from "./lib/report";
import { currentLoad, renderConsole, renderMarkdown, toJson, type BenchFailure, type RunRecord } from "./lib/results";
import { runOverheadBenchmark } from "./overhead";
import { runParallelBenchmark } from "./parallel";
import { runSdkCallsBenchmark } from "./sdk-calls";
import { runThroughputBenchmark } from "./throughput";

export const RESULTS_DIR = resolve(__dirname, "results");

/** In the order they run: the ones that need no stack first, the heaviest last. */
export const BENCHMARKS = {
  bundles: runBundlesBenchmark,
  "sdk-calls": runSdkCallsBenchmark,
  overhead: runOverheadBenchmark,
  parallel: runParallelBenchmark,
  cost: runCostBenchmark,
  throughput: runThroughputBenchmark,
  capacity: runCapacityBenchmark,
} as const satisfies Record<string, (options: BenchOptions) => Promise<BenchmarkReport<unknown>>>;

export type BenchmarkName = keyof typeof BENCHMARKS;

interface Args {
  size: BenchSize;
  only: BenchmarkName[];
  profile: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let size: BenchSize = "full";
  let only = Object.keys(BENCHMARKS) as BenchmarkName[];
  let profile = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--quick") size = "quick";
    else if (arg === "--profile") profile = true;
    else if (arg === "--only") {
      const names = (argv[++i] ?? "").split(",").filter(Boolean);
      const unknown = names.filter((name) => !(name in BENCHMARKS));
      if (names.length === 0 || unknown.length > 0) throw new Error(`--only takes a comma-separated list of ${Object.keys(BENCHMARKS).join(", ")}`);
      only = names as BenchmarkName[];
    } else throw new Error(`unknown option ${arg} (use --quick, --profile and/or --only <names>)`);
  }
  return { size, only, profile };
}

/** The AWS SDK warns about Node 20 with a stack trace; it says nothing about the figures. */
function quietNodeVersionWarnings(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}

/**
 * Runs this same command again under `node --cpu-prof` (the tsx loader flags kept), one profile
 * per thread, then prints where the CPU went.
 */
function runProfiled(): number {
  const directory = join(RESULTS_DIR, "profiles", new Date().toISOString().replace(/[:.]/g, "-"));
  mkdirSync(directory, { recursive: true });
  const child = spawnSync(process.execPath, [...process.execArgv, "--cpu-prof", `--cpu-prof-dir=${directory}`, process.argv[1]!, ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [PROFILE_DIR_ENV]: directory },
  });
  const summary = renderBreakdown(analyzeProfiles(directory, resolve(__dirname, "..")), directory);
  writeFileSync(join(directory, "summary.txt"), `${summary}\n`);
  console.log(`\n${summary}`);
  return child.status ?? 2;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const profileDir = process.env[PROFILE_DIR_ENV];
  if (args.profile && !profileDir) return runProfiled();
  quietNodeVersionWarnings();
  const started = Date.now();
  const log = (line: string) => console.error(`[bench] ${line}`);
  const machine = { ...machineInfo(), loadAverage1mAtStart: currentLoad() };
  log(`${args.size} run of ${args.only.join(", ")}; load average ${machine.loadAverage1mAtStart} on ${machine.cores} cores`);

  const reports: Array<BenchmarkReport<unknown>> = [];
  const failures: BenchFailure[] = [];
  // This machine may be shared: the load after each benchmark says how much else was running.
  const loadAfter: Record<string, number> = {};
  for (const name of args.only) {
    const benchStarted = Date.now();
    try {
      reports.push(await BENCHMARKS[name]({ size: args.size, log }));
      loadAfter[name] = currentLoad();
      log(`${name} done in ${Math.round((Date.now() - benchStarted) / 1000)} s (load average ${loadAfter[name]})`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ key: name, error: message });
      log(`${name} FAILED: ${message}`);
    }
  }

  const record: RunRecord = {
    size: args.size,
    startedAt: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { ...machine, loadAverage1mAfter: loadAfter },
    reports,
    failures,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(toJson(record), null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, "latest.md"), `${renderMarkdown(record)}\n`);
  console.log(renderConsole(record));
  console.log(`\nWritten: ${join(RESULTS_DIR, "latest.json")}`);
  if (profileDir) writeMeasuredWindows(profileDir);
  return failures.length === 0 ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
}
