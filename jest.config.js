const { cfnLintSuitesToSkip, NOT_RUN_NOTICE } = require("./tests/template/support/cfn-lint-suites");

const skipped = cfnLintSuitesToSkip();
if (skipped.length > 0) process.stderr.write(`\n${NOT_RUN_NOTICE}\n\n`);

/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  testPathIgnorePatterns: ["/node_modules/", ...skipped.map((suite) => `<rootDir>/${suite}`)],
  testTimeout: 60000,
  // Handlers log one JSON line per call; keep test output readable. `npx jest --silent=false` shows them.
  silent: true,
};
