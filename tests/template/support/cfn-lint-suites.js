/**
 * The suites that need cfn-lint (and the SAM translator installed with it), and whether
 * it is on PATH. jest.config.js leaves them out, with one line saying so, on a machine
 * without it; CI (CI=true, and .ci/run checks for cfn-lint first) always runs them.
 * CommonJS because jest.config.js reads it before any TypeScript is compiled.
 */
const { accessSync, constants } = require("node:fs");
const { delimiter, join } = require("node:path");

const CFN_LINT_SUITES = [
  "tests/template/cfn-lint.test.ts",
  "tests/template/iam.test.ts",
  "tests/template/observability-iam.test.ts",
  "tests/template/sam-api.test.ts",
];

function onPath(command, pathVariable = process.env.PATH ?? "") {
  return pathVariable.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The suites to leave out here: none where cfn-lint is installed or in CI. */
function cfnLintSuitesToSkip(env = process.env) {
  if (env.CI === "true" || onPath("cfn-lint", env.PATH)) return [];
  return CFN_LINT_SUITES;
}

const NOT_RUN_NOTICE =
  "cfn-lint is not on PATH: the cfn-lint and IAM checks of template.yaml did not run (pip install cfn-lint, then npm test again; CI always runs them).";

module.exports = { CFN_LINT_SUITES, cfnLintSuitesToSkip, NOT_RUN_NOTICE, onPath };
