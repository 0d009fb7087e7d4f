/**
 * `npm run build` (scripts/build.ts) bundles every function exactly as its template
 * Metadata says, and each bundle holds what the template promises: the handler, no
 * local-stack code, an environment variable for every one it reads, and IAM
 * permissions for exactly the AWS calls its code makes.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { buildFunctions, formatSizeTable, type FunctionBundle } from "../../scripts/build";
import {
  asList,
  environmentReads,
  functionFacts,
  functionPolicies,
  isPlatformVariable,
  liveSource,
  liveSourceLines,
  PROJECT_ROOT,
  readSource,
  referencedLogicalIds,
  sdkActions,
  stripComments,
  TEMPLATE,
  type FunctionFacts,
} from "./support/template-facts";

const functions = functionFacts();
const tables = new Set(Object.entries(TEMPLATE.Resources).filter(([, r]) => r.Type === "AWS::DynamoDB::Table").map(([id]) => id));

let outDir: string;
let bundles: Map<string, FunctionBundle>;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "order-workflow-build-"));
  bundles = new Map((await buildFunctions({ outDir })).map((bundle) => [bundle.logicalId, bundle]));
}, 180_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

function bundleOf(fn: FunctionFacts): FunctionBundle {
  const bundle = bundles.get(fn.logicalId);
  if (!bundle) throw new Error(`no bundle for ${fn.logicalId}`);
  return bundle;
}

/** The project's own source files the bundle contains (node_modules excluded). */
const ownSources = (fn: FunctionFacts) => bundleOf(fn).inputs.filter((input) => input.startsWith("src/"));

/**
 * Each of those files as the bundle holds it: comments removed and the lines tree
 * shaking dropped blanked (from the bundle's source map), so a function of a shared
 * module that this bundle never calls does not count as this function's code.
 */
function liveSources(fn: FunctionFacts): Array<{ file: string; code: string; live: string }> {
  const lines = liveSourceLines(`${bundleOf(fn).file}.map`, PROJECT_ROOT);
  return ownSources(fn).map((file) => {
    const code = readSource(file);
    return { file, code, live: liveSource(stripComments(code), lines.get(file)) };
  });
}

/** Prints the packages whose files Node required from a node_modules folder while loading the bundle. */
const LOADED_PACKAGES_PROBE = `
require(process.argv[1]);
const names = new Set(Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify([...names].sort()));
`;

describe("npm run build", () => {
  it("produces one bundle per function in the template, in dist/<LogicalId>/", () => {
    expect([...bundles.keys()].sort()).toEqual(functions.map((fn) => fn.logicalId).sort());
    for (const bundle of bundles.values()) {
      expect(bundle.dir).toBe(join(outDir, bundle.logicalId));
      expect(existsSync(bundle.file)).toBe(true);
      expect(existsSync(`${bundle.file}.map`)).toBe(true);
    }
  });

  it("prints a size table with a row per function", () => {
    const table = formatSizeTable([...bundles.values()]);
    for (const fn of functions) expect(table).toContain(fn.logicalId);
  });

  describe.each(functions.map((fn) => [fn.logicalId, fn] as const))("%s bundle", (_id, fn) => {
    it("is a Lambda code directory: the Handler's module exports a handler function when Node loads it", () => {
      const bundle = bundleOf(fn);
      expect(basename(bundle.file)).toBe(`${fn.handler.slice(0, fn.handler.lastIndexOf("."))}.js`);
      const kind = execFileSync(process.execPath, ["-e", "process.stdout.write(typeof require(process.argv[1]).handler)", bundle.file], {
        encoding: "utf8",
        // The runtime provides the AWS SDK v3 on NODE_PATH; the project's copy stands in for it.
        env: { PATH: process.env.PATH, AWS_REGION: "us-east-2", NODE_PATH: join(PROJECT_ROOT, "node_modules") },
      });
      expect(kind).toBe("function");
    });

    it("loads no AWS SDK module from the runtime at init when it bundles its own clients", () => {
      const external = asList((fn.resource.Metadata as { BuildProperties: { External?: string[] } }).BuildProperties.External);
      // The workers use the runtime's SDK on purpose (External "@aws-sdk/*").
      if (external.includes("@aws-sdk/*")) return;
      // What Node loaded from node_modules (the runtime's /var/runtime/node_modules in Lambda) while
      // requiring the bundle, with credentials in the environment as Lambda gives them: a second
      // @aws-sdk/core and @smithy/core there would cost every cold start about 30 ms.
      const loaded = execFileSync(process.execPath, ["-e", LOADED_PACKAGES_PROBE, bundleOf(fn).file], {
        encoding: "utf8",
        env: { PATH: process.env.PATH, AWS_REGION: "us-east-2", AWS_ACCESS_KEY_ID: "AKIDLOCAL", AWS_SECRET_ACCESS_KEY: "local", NODE_PATH: join(PROJECT_ROOT, "node_modules") },
      });
      expect({ id: fn.logicalId, sdk: JSON.parse(loaded).filter((name: string) => /^@(aws-sdk|smithy)\//.test(name)) }).toEqual({ id: fn.logicalId, sdk: [] });
    });

    it("contains its entry point and no local-stack code", () => {
      expect(ownSources(fn)).toContain(fn.entry);
      expect(ownSources(fn).filter((file) => file.startsWith("src/local/"))).toEqual([]);
    });

    it("is given every environment variable its code reads", () => {
      const missing = liveSources(fn).flatMap(({ file, live }) =>
        [...environmentReads(live)].filter((name) => !isPlatformVariable(name) && !(name in fn.env)).map((name) => `${name} (${file})`),
      );
      expect(missing).toEqual([]);
    });

    it("reads every variable the template sets on it", () => {
      const read = new Set(liveSources(fn).flatMap(({ live }) => [...environmentReads(live)]));
      expect(Object.keys(fn.ownEnv).filter((name) => !read.has(name))).toEqual([]);
    });

    it("is granted exactly the DynamoDB actions its code sends, on the tables it sends them to", () => {
      const granted = new Map<string, Set<string>>();
      for (const statement of functionPolicies(fn).statements) {
        const actions = asList(statement.Action).filter((action) => action.startsWith("dynamodb:"));
        for (const table of referencedLogicalIds(statement.Resource).filter((id) => tables.has(id))) {
          for (const action of actions) (granted.get(table) ?? granted.set(table, new Set()).get(table)!).add(action);
        }
      }
      // A file that reads exactly one table's name sends its commands to that table.
      const needed = new Map<string, Set<string>>();
      const neededSomewhere = new Set<string>();
      for (const { code, live } of liveSources(fn)) {
        const actions = [...sdkActions(code, live)].filter((action) => action.startsWith("dynamodb:"));
        if (actions.length === 0) continue;
        const fileTables = [...environmentReads(live)].flatMap((name) => referencedLogicalIds(fn.env[name])).filter((id) => tables.has(id));
        if (fileTables.length === 1) {
          for (const action of actions) (needed.get(fileTables[0]!) ?? needed.set(fileTables[0]!, new Set()).get(fileTables[0]!)!).add(action);
        } else {
          for (const action of actions) neededSomewhere.add(action);
        }
      }
      const missing = [...needed].flatMap(([table, actions]) => [...actions].filter((a) => !granted.get(table)?.has(a)).map((a) => `${table}: ${a}`));
      const missingAnywhere = [...neededSomewhere].filter((a) => ![...granted.values()].some((set) => set.has(a)));
      const excess = [...granted].flatMap(([table, actions]) =>
        [...actions].filter((a) => !needed.get(table)?.has(a) && !neededSomewhere.has(a)).map((a) => `${table}: ${a}`),
      );
      expect({ missing, missingAnywhere, excess }).toEqual({ missing: [], missingAnywhere: [], excess: [] });
    });

    it("is granted exactly the Lambda actions its code uses", () => {
      const granted = new Set(functionPolicies(fn).statements.flatMap((s) => asList(s.Action)).filter((action) => action.startsWith("lambda:")));
      const sources = liveSources(fn);
      const used = new Set(sources.flatMap(({ code, live }) => [...sdkActions(code, live)]).filter((action) => action.startsWith("lambda:")));
      // Durable context.invoke calls the workers with the function's own role.
      if (fn.properties.DurableConfig !== undefined && sources.some(({ live }) => /\.invoke\(/.test(live))) used.add("lambda:InvokeFunction");
      expect([...granted].sort()).toEqual([...used].sort());
    });
  });
});
