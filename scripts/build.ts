/**
 * `npm run build`: bundles every AWS::Serverless::Function in template.yaml with esbuild,
 * using exactly the options in its Metadata.BuildProperties (what `sam build` does), into
 * dist/<LogicalId>/<handler module>.js, so each folder is a valid Lambda code directory
 * that can be measured, zipped or run without SAM.
 *
 * Usage: npm run build [-- <LogicalId> ...] [-- --out-dir <dir>]
 */
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, extname, isAbsolute, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions, type Format, type Loader, type Metafile } from "esbuild";
import { DEFAULT_TEMPLATE_PATH, loadTemplate, resourcesOfType, type Template, type TemplateResource } from "../src/local/template";

export const DEFAULT_OUT_DIR = resolve(DEFAULT_TEMPLATE_PATH, "..", "dist");

/** The esbuild BuildProperties SAM understands; anything else in the template is a mistake worth stopping for. */
export interface BuildProperties {
  EntryPoints: string[];
  Format?: Format;
  Target?: string;
  Minify?: boolean;
  Sourcemap?: boolean;
  SourcesContent?: boolean;
  External?: string[];
  Loader?: string[];
  /** A comma-separated string: SAM passes it through as `--main-fields=<value>`. */
  MainFields?: string;
  OutExtension?: string[];
  Banner?: string[];
}

const KNOWN_PROPERTIES: ReadonlySet<string> = new Set([
  "EntryPoints", "Format", "Target", "Minify", "Sourcemap", "SourcesContent", "External", "Loader", "MainFields", "OutExtension", "Banner",
]);

export interface FunctionBuildSpec {
  logicalId: string;
  /** `module.export`, as in the template. */
  handler: string;
  /** Absolute path of the code directory (CodeUri). */
  codeDir: string;
  properties: BuildProperties;
}

export interface FunctionBundle {
  logicalId: string;
  handler: string;
  /** The bundle's folder: a Lambda code directory. */
  dir: string;
  /** The handler module's file in `dir`. */
  file: string;
  bytes: number;
  gzipBytes: number;
  sourcemapBytes: number;
  /** Project-relative paths of the files that contributed code to the bundle (tree-shaken ones excluded). */
  inputs: string[];
}

export interface BuildFunctionsOptions {
  templatePath?: string;
  template?: Template;
  outDir?: string;
  /** Only these logical ids (all functions when absent). */
  only?: readonly string[];
}

/** Reads each function's build spec from the template; throws on anything `sam build` would not accept the same way. */
export function functionBuildSpecs(template: Template, templateDir: string): FunctionBuildSpec[] {
  const globals = template.Globals?.Function ?? {};
  return resourcesOfType(template, "AWS::Serverless::Function").map(([logicalId, resource]) => {
    const props = resource.Properties ?? {};
    const handler = stringProperty(props.Handler ?? globals.Handler, `${logicalId}.Properties.Handler`);
    const codeUri = stringProperty(props.CodeUri ?? globals.CodeUri, `${logicalId}.Properties.CodeUri`);
    return { logicalId, handler, codeDir: resolve(templateDir, codeUri), properties: buildProperties(logicalId, resource) };
  });
}

function buildProperties(logicalId: string, resource: TemplateResource): BuildProperties {
  const metadata = resource.Metadata ?? {};
  if (metadata.BuildMethod !== "esbuild") throw new Error(`${logicalId}: Metadata.BuildMethod must be esbuild`);
  const properties = metadata.BuildProperties as Record<string, unknown> | undefined;
  if (!properties || typeof properties !== "object") throw new Error(`${logicalId}: Metadata.BuildProperties is missing`);
  const unknown = Object.keys(properties).filter((key) => !KNOWN_PROPERTIES.has(key));
  if (unknown.length > 0) throw new Error(`${logicalId}: unknown BuildProperties ${unknown.join(", ")}`);
  if (properties.MainFields !== undefined && typeof properties.MainFields !== "string") {
    throw new Error(`${logicalId}: BuildProperties.MainFields must be a string such as "module,main" (SAM passes it as one value)`);
  }
  const entryPoints = properties.EntryPoints;
  if (!Array.isArray(entryPoints) || entryPoints.length !== 1 || typeof entryPoints[0] !== "string") {
    throw new Error(`${logicalId}: BuildProperties.EntryPoints must list exactly one file`);
  }
  return properties as unknown as BuildProperties;
}

function stringProperty(value: unknown, where: string): string {
  if (typeof value !== "string" || value === "") throw new Error(`${where} must be a string`);
  return value;
}

/**
 * The esbuild options `sam build` derives from BuildProperties, with its defaults for
 * absent ones (aws-lambda-builders' nodejs_npm_esbuild workflow: --bundle --platform=node,
 * and --target=es2020, --format=cjs, --minify unless set), plus a metafile for the tests.
 */
export function esbuildOptions(spec: FunctionBuildSpec, outDir: string): BuildOptions & { metafile: true } {
  const { properties: p } = spec;
  const entry = p.EntryPoints[0]!;
  const options: BuildOptions & { metafile: true } = {
    absWorkingDir: spec.codeDir,
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    outdir: outDir,
    format: p.Format ?? "cjs",
    target: p.Target ?? "es2020",
    minify: p.Minify ?? true,
    sourcemap: p.Sourcemap === true,
    metafile: true,
    logLevel: "silent",
  };
  if (p.SourcesContent !== undefined) options.sourcesContent = p.SourcesContent;
  if (p.External !== undefined) options.external = p.External;
  if (p.MainFields !== undefined) options.mainFields = p.MainFields.split(",").map((field) => field.trim());
  if (p.Loader !== undefined) options.loader = pairs(p.Loader, "Loader") as Record<string, Loader>;
  if (p.OutExtension !== undefined) options.outExtension = pairs(p.OutExtension, "OutExtension");
  if (p.Banner !== undefined) options.banner = pairs(p.Banner, "Banner");
  return options;
}

/** SAM writes maps as a list of `key=value` strings. */
function pairs(list: readonly string[], name: string): Record<string, string> {
  return Object.fromEntries(
    list.map((entry) => {
      const at = entry.indexOf("=");
      if (at <= 0) throw new Error(`BuildProperties.${name} entries must look like key=value: ${entry}`);
      return [entry.slice(0, at), entry.slice(at + 1)];
    }),
  );
}

/** The handler's module must be the bundle's file name, or Lambda cannot find it. */
export function handlerModule(handler: string): string {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) throw new Error(`handler "${handler}" must look like module.export`);
  return handler.slice(0, dot);
}

export async function buildFunctions(options: BuildFunctionsOptions = {}): Promise<FunctionBundle[]> {
  const templatePath = options.templatePath ?? DEFAULT_TEMPLATE_PATH;
  const template = options.template ?? loadTemplate(templatePath);
  const outRoot = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const projectRoot = resolve(templatePath, "..");
  let specs = functionBuildSpecs(template, projectRoot);
  if (options.only) {
    const missing = options.only.filter((id) => !specs.some((spec) => spec.logicalId === id));
    if (missing.length > 0) throw new Error(`no such function in the template: ${missing.join(", ")}`);
    specs = specs.filter((spec) => options.only!.includes(spec.logicalId));
  }
  const settled = await Promise.allSettled(specs.map((spec) => buildOne(spec, join(outRoot, spec.logicalId), projectRoot)));
  const failures = settled.flatMap((outcome, index) =>
    outcome.status === "rejected" ? [`${specs[index]!.logicalId}: ${outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(`build failed\n${failures.join("\n")}`);
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<FunctionBundle>).value);
}

async function buildOne(spec: FunctionBuildSpec, dir: string, projectRoot: string): Promise<FunctionBundle> {
  const entry = spec.properties.EntryPoints[0]!;
  const moduleName = handlerModule(spec.handler);
  const outExtension = spec.properties.OutExtension ? pairs(spec.properties.OutExtension, "OutExtension")[".js"] ?? ".js" : ".js";
  const produced = basename(entry, extname(entry));
  if (produced !== moduleName) {
    throw new Error(`${spec.logicalId}: entry point ${entry} bundles to ${produced}${outExtension}, but Handler ${spec.handler} loads ${moduleName}`);
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build(esbuildOptions(spec, dir));
  const file = join(dir, `${moduleName}${outExtension}`);
  const code = readFileSync(file);
  const mapFile = `${file}.map`;
  return {
    logicalId: spec.logicalId,
    handler: spec.handler,
    dir,
    file,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourcemapBytes: spec.properties.Sourcemap ? statSync(mapFile).size : 0,
    inputs: contributingInputs(result.metafile, spec.codeDir, projectRoot),
  };
}

function contributingInputs(metafile: Metafile, codeDir: string, projectRoot: string): string[] {
  const inputs = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      if (bytesInOutput === 0) continue;
      const absolute = isAbsolute(input) ? input : resolve(codeDir, input);
      inputs.add(relative(projectRoot, absolute).split("\\").join("/"));
    }
  }
  return [...inputs].sort();
}

export function formatSizeTable(bundles: readonly FunctionBundle[]): string {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const rows = [
    ["Function", "Bundle", "KiB", "gzip KiB", "map KiB"],
    ...bundles.map((b) => [b.logicalId, relative(process.cwd(), b.file) || b.file, kib(b.bytes), kib(b.gzipBytes), kib(b.sourcemapBytes)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4]);
  const line = (row: string[]) => row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ");
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

function parseArgs(argv: readonly string[]): BuildFunctionsOptions {
  const options: BuildFunctionsOptions = {};
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--out-dir") {
      const value = argv[++i];
      if (!value) throw new Error("--out-dir needs a directory");
      options.outDir = value;
    } else if (arg.startsWith("-")) {
      throw new Error(`unknown option ${arg}`);
    } else {
      only.push(arg);
    }
  }
  if (only.length > 0) options.only = only;
  return options;
}

async function main(): Promise<void> {
  const started = Date.now();
  const bundles = await buildFunctions(parseArgs(process.argv.slice(2)));
  console.log(formatSizeTable(bundles));
  console.log(`\n${bundles.length} function(s) bundled in ${Date.now() - started} ms`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
