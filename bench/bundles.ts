/**
 * Benchmark 5, bundles and cold start: each function's esbuild bundle (built by
 * scripts/build.ts from the template's Metadata, as `sam build` does) and the
 * time Node takes to load it, the module-initialisation part of a cold start.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { build } from "esbuild";
import { buildFunctions, esbuildOptions, functionBuildSpecs, type FunctionBundle } from "../scripts/build";
import { functionSpecs } from "../src/local/functions";
import { createResolutionContext } from "../src/local/intrinsics";
import { loadTemplate, PROJECT_ROOT } from "../src/local/template";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize, type FigureRow } from "./lib/report";
import { median, round } from "./lib/stats";
import { TARGETS } from "./lib/targets";

const run = promisify(execFile);

const PROCESSES: Record<BenchSize, number> = { smoke: 1, quick: 5, full: 20 };

/** The one durable function; every other function is held to the worker budget except the API. */
const ORCHESTRATOR = "OrderWorkflowFunction";
const WORKERS: ReadonlySet<string> = new Set(["InventoryFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"]);

export interface BundleFigures {
  bytes: number;
  gzipBytes: number;
  sourcemapBytes: number;
  /** Median milliseconds to `require` the bundle in a fresh `node` process, source maps on (as deployed: NODE_OPTIONS=--enable-source-maps). */
  initMs: number;
  /** The same without --enable-source-maps (full runs only). */
  initMsWithoutSourceMaps?: number;
  processes: number;
  /** The largest contributors to the bundle, bytes by npm package (or "project" for our own code). */
  largestInputs: Record<string, number>;
}

export type BundlesResult = Record<string, BundleFigures>;

/**
 * Child script: time only the require (not Node's own start-up), print it.
 * The handler is looked up too, so a bundle that loads but exports nothing fails here.
 */
const CHILD_SCRIPT = `
const started = performance.now();
const mod = require(process.argv[1]);
const ms = performance.now() - started;
if (typeof mod.handler !== "function") { console.error("no handler export"); process.exit(2); }
process.stdout.write(String(ms));
`;

/** Dummy values for every variable the function's template environment declares, plus what Lambda sets. */
function dummyEnvironment(logicalId: string, environments: Map<string, Record<string, string>>): NodeJS.ProcessEnv {
  const declared = environments.get(logicalId) ?? {};
  return {
    PATH: process.env.PATH,
    AWS_REGION: "us-east-2",
    AWS_DEFAULT_REGION: "us-east-2",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_LAMBDA_FUNCTION_NAME: logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "256",
    // Stands in for the runtime's own node_modules (/var/runtime/node_modules), which
    // serves the packages a bundle leaves External, such as the AWS SDK v3.
    NODE_PATH: join(PROJECT_ROOT, "node_modules"),
    // Nothing listens here: any network call at init would fail rather than leave the machine.
    AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:9",
    AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9",
    ...declared,
  };
}

async function initTimes(bundle: FunctionBundle, env: NodeJS.ProcessEnv, processes: number, sourceMaps: boolean): Promise<number[]> {
  const samples: number[] = [];
  const nodeOptions = sourceMaps ? "--enable-source-maps" : "";
  // One at a time: parallel processes would compete for the two cores and inflate each other.
  for (let i = 0; i < processes; i++) {
    const { stdout } = await run(process.execPath, ["-e", CHILD_SCRIPT, bundle.file], {
      env: { ...env, NODE_OPTIONS: nodeOptions },
      cwd: bundle.dir,
      timeout: 30_000,
    });
    // The last line: a function may log at init (Powertools announces a debug-sampled invocation).
    const ms = Number(stdout.trim().split("\n").at(-1));
    if (!Number.isFinite(ms)) throw new Error(`${bundle.logicalId}: init probe printed ${JSON.stringify(stdout)}`);
    samples.push(ms);
  }
  return samples;
}

/** Bytes each npm package (or the project's own code) contributes to each bundle, from esbuild's metafile. */
async function contributions(outDir: string): Promise<Map<string, Record<string, number>>> {
  const template = loadTemplate();
  const result = new Map<string, Record<string, number>>();
  for (const spec of functionBuildSpecs(template, PROJECT_ROOT)) {
    const { metafile } = await build({ ...esbuildOptions(spec, join(outDir, "metafile", spec.logicalId)), write: false });
    const bytes = new Map<string, number>();
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? "project";
        bytes.set(pkg, (bytes.get(pkg) ?? 0) + bytesInOutput);
      }
    }
    result.set(spec.logicalId, Object.fromEntries([...bytes].sort((a, b) => b[1] - a[1]).slice(0, 5)));
  }
  return result;
}

function templateEnvironments(): Map<string, Record<string, string>> {
  const specs = functionSpecs(createResolutionContext(loadTemplate()), PROJECT_ROOT);
  return new Map(specs.map((spec) => [spec.logicalId, spec.environment]));
}

export async function runBundlesBenchmark(options: BenchOptions): Promise<BenchmarkReport<BundlesResult>> {
  const log = quietLog(options);
  const processes = PROCESSES[options.size];
  const outDir = mkdtempSync(join(tmpdir(), "bench-bundles-"));
  try {
    const bundles = await buildFunctions({ outDir });
    const environments = templateEnvironments();
    const inputs = await contributions(outDir);
    const result: BundlesResult = {};
    const rows: FigureRow[] = [];
    for (const bundle of bundles) {
      const env = dummyEnvironment(bundle.logicalId, environments);
      const withMaps = await initTimes(bundle, env, processes, true);
      const withoutMaps = options.size === "full" ? await initTimes(bundle, env, processes, false) : [];
      result[bundle.logicalId] = {
        bytes: bundle.bytes,
        gzipBytes: bundle.gzipBytes,
        sourcemapBytes: bundle.sourcemapBytes,
        initMs: round(median(withMaps), 2),
        ...(withoutMaps.length > 0 ? { initMsWithoutSourceMaps: round(median(withoutMaps), 2) } : {}),
        processes,
        largestInputs: inputs.get(bundle.logicalId) ?? {},
      };
      log(`bundles: ${bundle.logicalId} ${bundle.bytes} B, init ${round(median(withMaps), 1)} ms`);
      const target = bundle.logicalId === ORCHESTRATOR ? TARGETS.orchestratorBundleBytes : WORKERS.has(bundle.logicalId) ? TARGETS.workerBundleBytes : undefined;
      rows.push({ figure: `${bundle.logicalId} bundle`, value: bundle.bytes, unit: "B", ...(target ? { target } : {}) });
      rows.push({
        figure: `${bundle.logicalId} module init`,
        value: result[bundle.logicalId]!.initMs,
        unit: "ms",
        ...(bundle.logicalId === ORCHESTRATOR ? { target: TARGETS.orchestratorInitMs } : {}),
      });
    }
    return {
      key: "bundles",
      title: "Bundles and cold start",
      method: [
        "scripts/build.ts buildFunctions() bundles every function into a temporary folder with the esbuild options of its template Metadata (minified CJS, node22 target, source maps), as `sam build` does; bytes = the handler .js file (source map not counted); the largest contributors per bundle come from esbuild's metafile.",
        `Module init = median over ${processes} fresh \`node\` processes of the time to require() the bundle (Node's own start-up excluded), run one after another, with NODE_OPTIONS=--enable-source-maps as in the template's Globals, dummy values for the function's environment variables, and NODE_PATH at the project's node_modules standing in for the runtime's AWS SDK v3 (so an External @aws-sdk/* is loaded, and timed, as in Lambda); the figure without source maps is in latest.json.`,
      ],
      rows,
      result,
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
