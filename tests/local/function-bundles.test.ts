/**
 * The local stack runs the esbuild bundle of each function (as `sam build` makes it),
 * rebuilt only when one of its inputs changed, and a bundled function's errors still
 * point at its TypeScript source.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { useBundles } from "../../src/local/function-bundles";
import { LocalFunctionRuntime } from "../../src/local/function-runtime";
import { functionSpecs } from "../../src/local/functions";
import { createResolutionContext } from "../../src/local/intrinsics";
import { loadTemplate, PROJECT_ROOT } from "../../src/local/template";

const TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Environment:
      Variables:
        NODE_OPTIONS: --enable-source-maps
Resources:
  BundledFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./
      Handler: greet.handler
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        Format: cjs
        Target: node22
        Minify: true
        Sourcemap: true
        SourcesContent: false
        EntryPoints:
          - src/greet.ts
  PlainFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./
      Handler: plain.handler
`;

const source = (greeting: string) => `
import { shout } from "./shout";
export const handler = async (event: { fail?: boolean }) => {
  if (event.fail) throw new Error("failed on purpose");
  return { greeting: shout(${JSON.stringify(greeting)}) };
};
`;

// Inside the project, so that esbuild and the bundles resolve packages as the real template's do.
const dir = mkdtempSync(join(PROJECT_ROOT, "node_modules", ".cache", "bundles-test-"));
const templatePath = join(dir, "template.yaml");

function specs() {
  const template = loadTemplate(templatePath);
  return { template, functions: functionSpecs(createResolutionContext(template), dir) };
}

async function bundled() {
  const { template, functions } = specs();
  return useBundles(functions, template, templatePath, dir);
}

beforeAll(() => {
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(templatePath, TEMPLATE);
  writeFileSync(join(dir, "src", "greet.ts"), source("hello"));
  writeFileSync(join(dir, "src", "shout.ts"), `export const shout = (text: string): string => text.toUpperCase() + "!";\n`);
  writeFileSync(join(dir, "plain.js"), `exports.handler = async () => ({ plain: true });\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("function bundles", () => {
  test("a function with esbuild metadata runs from its bundle; one without runs as it is", async () => {
    const functions = await bundled();
    const fn = (id: string) => functions.find((spec) => spec.logicalId === id)!;
    expect(fn("BundledFunction").codePath).toMatch(/local-stack-bundles\/.+\/BundledFunction\/greet\.js$/);
    expect(readFileSync(fn("BundledFunction").codePath, "utf8")).toContain("HELLO".toLowerCase());
    expect(fn("PlainFunction").codePath).toBe(join(dir, "plain.js"));
  });

  test("an unchanged build is reused; a changed input (even an imported module) makes a new one", async () => {
    const first = (await bundled()).find((spec) => spec.logicalId === "BundledFunction")!.codePath;
    expect((await bundled()).find((spec) => spec.logicalId === "BundledFunction")!.codePath).toBe(first);

    writeFileSync(join(dir, "src", "shout.ts"), `export const shout = (text: string): string => text.toUpperCase() + "!!!";\n`);
    const second = (await bundled()).find((spec) => spec.logicalId === "BundledFunction")!.codePath;
    expect(second).not.toBe(first);
    expect(readFileSync(second, "utf8")).toContain("!!!");
    // The first build stays readable for a stack that is still running it.
    expect(readFileSync(first, "utf8")).not.toContain("!!!");
  });

  test("the bundle runs in a sandbox, and its stack traces point at the TypeScript source", async () => {
    const runtime = new LocalFunctionRuntime({ functions: await bundled(), endpoints: {} });
    try {
      expect((await runtime.invoke("BundledFunction", {})).payload).toEqual({ greeting: "HELLO!!!" });
      const failed = await runtime.invoke("BundledFunction", { fail: true });
      expect(failed.error).toMatchObject({ errorType: "Error", errorMessage: "failed on purpose" });
      expect(failed.error?.trace?.join("\n")).toMatch(/src\/greet\.ts:\d+/);
    } finally {
      await runtime.close();
    }
  });
});
