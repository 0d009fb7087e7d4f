/**
 * The local stack runs each function from the bundle `sam build` would make (the same
 * esbuild options, from the template's Metadata), not from the TypeScript sources: what
 * runs locally is what deploys, and a sandbox's cold start loads one minified file
 * instead of compiling hundreds of modules through tsx (about 330 -> 100 ms of CPU for
 * the orchestrator, measured in bench/), which every new sandbox pays.
 *
 * Bundles are cached under node_modules/.cache and rebuilt only when a file esbuild read
 * for them (sources, node_modules, the template) changed, so starting a stack again costs
 * a few hundred stat() calls. Build directories are never rewritten: a new build goes to
 * a new directory and a pointer file is swapped atomically, so stacks starting at the
 * same moment (parallel tests) never load a half-written bundle.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { esbuildOptions, functionBuildSpecs, handlerModule } from "../../scripts/build";
import type { FunctionSpec } from "./functions";
import { PROJECT_ROOT, type Template } from "./template";

/** Inside node_modules, so a bundle's External packages (@aws-sdk/*, Powertools) resolve from the project's node_modules, as from the runtime's in Lambda. */
export const BUNDLE_CACHE_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "local-stack-bundles");

/** Builds older than this (other than the current one) are removed when a new one is made. */
const STALE_BUILD_MS = 60 * 60 * 1000;

interface Manifest {
  buildDir: string;
  /** Every file esbuild read, absolute path -> [mtimeMs, size]. */
  inputs: Record<string, [number, number]>;
  /** logicalId -> absolute path of its bundled handler module. */
  bundles: Record<string, string>;
}

/**
 * The functions with their codePath pointing at their bundle. Functions without esbuild
 * metadata (a plain `.js` handler) run as they are.
 */
export async function useBundles(functions: FunctionSpec[], template: Template, templatePath: string, templateDir: string): Promise<FunctionSpec[]> {
  const bundled = new Set(functions.filter((fn) => template.Resources[fn.logicalId]?.Metadata?.BuildMethod === "esbuild").map((fn) => fn.logicalId));
  if (bundled.size === 0) return functions;
  const cacheDir = join(BUNDLE_CACHE_DIR, createHash("sha256").update(resolve(templatePath)).digest("hex").slice(0, 16));
  const bundles = currentBuild(cacheDir, bundled) ?? (await buildAll(cacheDir, template, templatePath, templateDir, bundled));
  return functions.map((fn) => (bundles[fn.logicalId] ? { ...fn, codePath: bundles[fn.logicalId]! } : fn));
}

function currentBuild(cacheDir: string, wanted: ReadonlySet<string>): Record<string, string> | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(cacheDir, "current.json"), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if ([...wanted].some((id) => !manifest.bundles[id] || !existsSync(manifest.bundles[id]!))) return undefined;
  for (const [file, [mtimeMs, size]] of Object.entries(manifest.inputs)) {
    try {
      const stat = statSync(file);
      if (stat.mtimeMs !== mtimeMs || stat.size !== size) return undefined;
    } catch {
      return undefined;
    }
  }
  return manifest.bundles;
}

async function buildAll(cacheDir: string, template: Template, templatePath: string, templateDir: string, wanted: ReadonlySet<string>): Promise<Record<string, string>> {
  const buildDir = join(cacheDir, `${Date.now()}-${randomUUID().slice(0, 8)}`);
  const inputs = new Set<string>([resolve(templatePath)]);
  const bundles: Record<string, string> = {};
  const onlyBundled: Template = { ...template, Resources: Object.fromEntries(Object.entries(template.Resources).filter(([id]) => wanted.has(id))) };
  const specs = functionBuildSpecs(onlyBundled, templateDir);
  await Promise.all(
    specs.map(async (spec) => {
      const outDir = join(buildDir, spec.logicalId);
      const result = await build(esbuildOptions(spec, outDir));
      // Paths relative to the code directory; esbuild's virtual inputs (such as `(disabled):fs`) are not files.
      for (const input of Object.keys(result.metafile.inputs)) if (!input.includes(":")) inputs.add(resolve(spec.codeDir, input));
      bundles[spec.logicalId] = join(outDir, `${handlerModule(spec.handler)}.js`);
    }),
  );
  const manifest: Manifest = { buildDir, inputs: {}, bundles };
  for (const file of inputs) {
    const stat = statSync(file);
    manifest.inputs[file] = [stat.mtimeMs, stat.size];
  }
  mkdirSync(cacheDir, { recursive: true });
  const pointer = join(cacheDir, `current.json.${process.pid}.${randomUUID().slice(0, 8)}`);
  writeFileSync(pointer, JSON.stringify(manifest));
  renameSync(pointer, join(cacheDir, "current.json"));
  removeStaleBuilds(cacheDir, buildDir);
  return bundles;
}

function removeStaleBuilds(cacheDir: string, keep: string): void {
  for (const entry of readdirSync(cacheDir, { withFileTypes: true })) {
    const path = join(cacheDir, entry.name);
    if (!entry.isDirectory() || path === keep) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another stack removed it first.
    }
  }
}
