const { existsSync } = require("node:fs");

// The console's browser suites drive Debian's chromium (.ci/run installs it). In CI they
// must run (and fail without it); elsewhere, without chromium, they are left out with one line.
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const runBrowserTests = process.env.CI === "true" || existsSync(chromium);
if (!runBrowserTests && !process.env.JEST_WORKER_ID) {
  process.stderr.write(`Browser tests (tests/console/*.browser.test.ts) did not run: no chromium at ${chromium}. Install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH).\n`);
}

const { cfnLintSuitesToSkip, NOT_RUN_NOTICE } = require("./tests/template/support/cfn-lint-suites");

const skipped = cfnLintSuitesToSkip();
if (skipped.length > 0) process.stderr.write(`\n${NOT_RUN_NOTICE}\n\n`);

/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  testPathIgnorePatterns: ["/node_modules/", ...(runBrowserTests ? [] : ["\\.browser\\.test\\.ts$"]), ...skipped.map((suite) => `<rootDir>/${suite}`)],
  testTimeout: 60000,
  // Jest's default is one worker per core minus one: a single worker on a 2-core machine. Most
  // suites spend part of their time waiting on a local stack's timers and sockets, so two
  // workers overlap that waiting (npm test 392 -> 308 s on 2 cores, 3 Dec 2026).
  maxWorkers: 2,
  // On a cold cache (a clean clone, as in CI) the longest suites go first; see the file.
  testSequencer: "<rootDir>/tests/support/longest-first-sequencer.js",
  // Handlers log one JSON line per call; keep test output readable. `npx jest --silent=false` shows them.
  silent: true,
};
