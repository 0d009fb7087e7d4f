/**
 * README.md's deployment instructions match template.yaml: parameters with their
 * defaults, stack outputs, routes, functions and event files are the ones that exist.
 * (README.md is assembled from section files; this checks the assembled result.)
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { functionFacts, PROJECT_ROOT, TEMPLATE } from "./support/template-facts";

const README = resolve(PROJECT_ROOT, "README.md");

function readme(): string {
  if (!existsSync(README)) throw new Error("README.md is missing: it must document deploying this template");
  return readFileSync(README, "utf8");
}

describe("README.md and template.yaml", () => {
  it("lists every template parameter with its default", () => {
    const text = readme();
    const wrong = Object.entries(TEMPLATE.Parameters ?? {}).filter(([name, parameter]) => {
      const row = new RegExp(`^\\|\\s*\`${name}\`\\s*\\|\\s*\`?${String(parameter.Default)}\`?\\s*\\|`, "m");
      return !row.test(text);
    });
    expect(wrong.map(([name]) => name)).toEqual([]);
  });

  it("reads only stack outputs the template declares", () => {
    const outputs = new Set(Object.keys(TEMPLATE.Outputs ?? {}));
    const used = [...readme().matchAll(/\$\(out ([A-Za-z0-9]+)\)|OutputKey=='([A-Za-z0-9]+)'/g)].map((m) => m[1] ?? m[2]!).filter((key) => key !== "$1");
    expect(used.length).toBeGreaterThan(0);
    expect([...new Set(used)].filter((key) => !outputs.has(key))).toEqual([]);
  });

  it("documents every API route", () => {
    const text = readme();
    const api = functionFacts().find((fn) => fn.logicalId === "OrdersApiFunction")!;
    const routes = Object.values((api.properties.Events ?? {}) as Record<string, { Properties: { Path: string; Method: string } }>).map(
      (event) => `${event.Properties.Method.toUpperCase()} ${event.Properties.Path}`,
    );
    expect(routes.filter((route) => !text.includes(route))).toEqual([]);
  });

  it("runs `sam local invoke` only on functions of the template with event files that exist", () => {
    const functions = new Set(functionFacts().map((fn) => fn.logicalId));
    // `sam-invoke` is the README's shell function around `sam local invoke` (it adds the Powertools layer's ARN).
    const invocations = [...readme().matchAll(/(?:sam local invoke|sam-invoke) (\S+) -e (\S+)/g)].map((m) => ({ fn: m[1]!, event: m[2]! }));
    expect(invocations.length).toBeGreaterThan(0);
    expect(invocations.filter(({ fn, event }) => !functions.has(fn) || !existsSync(resolve(PROJECT_ROOT, event)))).toEqual([]);
  });

  it("names only resources the template has", () => {
    const resources = new Set([...Object.keys(TEMPLATE.Resources), "OrderWorkflowFunctionAliaslive"]);
    const named = [...readme().matchAll(/`([A-Z][A-Za-z0-9]*(?:Function|Table|Api|Policy|LogGroup))`/g)].map((m) => m[1]!);
    // Names that look like resources but are AWS policies, SAM event types or API operations.
    const known = /^(AWSLambdaBasicExecutionRole|AWSLambdaBasicDurableExecutionRolePolicy|AWSXrayWriteOnlyAccess|ServerlessRestApi|HttpApi|ListDurableExecutionsByFunction)$/;
    expect([...new Set(named)].filter((id) => !resources.has(id) && !known.test(id))).toEqual([]);
  });
});
