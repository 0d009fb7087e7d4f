import { spawnSync } from "node:child_process";
import { PROJECT_ROOT } from "./support/template-facts";

describe("cfn-lint", () => {
  it("finds no errors, warnings or informational findings in template.yaml for us-east-2", () => {
    // The file goes first: after --regions, cfn-lint would read it as another region.
    const result = spawnSync("cfn-lint", ["template.yaml", "--regions", "us-east-2"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    if (result.error) {
      throw new Error(`cfn-lint could not run (${result.error.message}). Install it (pip install cfn-lint); this check must not be skipped.`);
    }
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({ status: 0, output: "" });
  });
});
