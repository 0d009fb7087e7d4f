/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  setupFiles: ["<rootDir>/tests/setup-env.ts"],
  testTimeout: 60000,
  // Handlers log one JSON line per call; keep test output readable. `npx jest --silent=false` shows them.
  silent: true,
};
