/** On a machine without cfn-lint the suites that need it are left out, by name; in CI never. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "./support/template-facts";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require("./support/cfn-lint-suites") as {
  CFN_LINT_SUITES: string[];
  cfnLintSuitesToSkip: (env: NodeJS.ProcessEnv) => string[];
};

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? testFiles(join(dir, entry.name)) : entry.name.endsWith(".test.ts") ? [relative(PROJECT_ROOT, join(dir, entry.name))] : [],
  );
}

describe("the cfn-lint gate", () => {
  it("lists exactly the suites that run cfn-lint or its SAM translator, and they exist", () => {
    const needing = testFiles(join(PROJECT_ROOT, "tests")).filter((file) => /translateTemplate\(|spawnSync\("cfn-lint"/.test(readFileSync(join(PROJECT_ROOT, file), "utf8")));
    expect([...needing].sort()).toEqual([...gate.CFN_LINT_SUITES].sort());
    expect(gate.CFN_LINT_SUITES.filter((file) => !existsSync(join(PROJECT_ROOT, file)))).toEqual([]);
  });

  it("leaves them out only where cfn-lint is not on PATH and CI is not set", () => {
    expect(gate.cfnLintSuitesToSkip({ PATH: "/nonexistent" })).toEqual(gate.CFN_LINT_SUITES);
    expect(gate.cfnLintSuitesToSkip({ PATH: "/nonexistent", CI: "true" })).toEqual([]);
  });
});
