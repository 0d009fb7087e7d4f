/**
 * The code a sandbox (worker thread) starts with. A handler that is TypeScript source needs
 * tsx's require hook, and so does the sandbox's own main (function-worker.ts) then. A bundled
 * or plain JavaScript handler needs neither: the sandbox's main runs precompiled, and a cold
 * start never loads tsx (about 30 ms of CPU less per sandbox, 5 Dec 2026).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { PROJECT_ROOT } from "./template";

const WORKER_MAIN = require.resolve("./function-worker");
/** The files the worker main is built from (it imports only function-messages and Node). */
const WORKER_SOURCES = [WORKER_MAIN, require.resolve("./function-messages")];
const TSX_REGISTER = require.resolve("tsx/cjs/api");
/** Beside the function bundles, keyed by the sources' content, so every stack on this checkout shares one build. */
const CACHE_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "local-sandbox");

let compiledMain: string | undefined;

export function sandboxBootstrap(codePath: string): string {
  if (!/\.[cm]?js$/.test(codePath)) {
    // function-worker removes the hook again before it loads a JavaScript handler, which tsx would otherwise transform again.
    return `globalThis.__unregisterTsx = require(${JSON.stringify(TSX_REGISTER)}).register(); require(${JSON.stringify(WORKER_MAIN)});`;
  }
  compiledMain ??= compileWorkerMain();
  return `require(${JSON.stringify(compiledMain)});`;
}

function compileWorkerMain(): string {
  if (/\.js$/.test(WORKER_MAIN)) return WORKER_MAIN;
  const hash = createHash("sha256");
  for (const file of WORKER_SOURCES) hash.update(readFileSync(file));
  const target = join(CACHE_DIR, `function-worker-${hash.digest("hex").slice(0, 16)}.js`);
  if (existsSync(target)) return target;
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written under a private name and renamed, so a stack starting beside this one never loads half a file.
  const partial = `${target}.${process.pid}.partial`;
  buildSync({ entryPoints: [WORKER_MAIN], outfile: partial, bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "silent" });
  renameSync(partial, target);
  return target;
}
