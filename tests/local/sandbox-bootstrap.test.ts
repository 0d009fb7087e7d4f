import { existsSync } from "node:fs";
import { sandboxBootstrap } from "../../src/local/sandbox-bootstrap";

describe("a sandbox's bootstrap", () => {
  it("loads tsx only for a handler that is TypeScript source", () => {
    expect(sandboxBootstrap("/app/src/handler.ts")).toMatch(/tsx.*register\(\).*function-worker/);
    expect(sandboxBootstrap("/app/dist/handler.js")).not.toMatch(/tsx/);
  });

  it("runs a JavaScript handler's sandbox from a precompiled main, built once and shared", () => {
    const bootstrap = sandboxBootstrap("/app/dist/handler.js");
    const main = /^require\((".+")\);$/.exec(bootstrap)?.[1];

    expect(main && existsSync(JSON.parse(main) as string)).toBe(true);
    expect(sandboxBootstrap("/app/dist/other.mjs")).toBe(bootstrap);
  });
});
