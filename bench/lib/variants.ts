/**
 * Variants of the app for comparisons, built without touching the working tree:
 * a copy of template.yaml (and, when code changes, of src/ and data/) under the
 * git-ignored bench/results/, which the local stack runs through its templatePath.
 *
 * Code patches are exact text replacements; when a pattern is no longer in the code
 * the variant reports itself as not applicable instead of measuring something else.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Document, isMap, parseDocument, type YAMLMap } from "yaml";
import { PROJECT_ROOT } from "../../src/local/template";

export const VARIANTS_DIR = resolve(PROJECT_ROOT, "bench", "results", ".variants");

export interface CodePatch {
  /** Project-relative path, e.g. src/workflow/phases/preparation.ts. */
  file: string;
  find: string | RegExp;
  replace: string;
}

export interface VariantSpec {
  name: string;
  /** Environment variables added to (or replacing) a function's Environment.Variables in the template copy. */
  environment?: Record<string, Record<string, string>>;
  patches?: CodePatch[];
}

export interface Variant {
  name: string;
  templatePath: string;
  /** Patches that did not match the current code (the variant should not be measured then). */
  unmatched: CodePatch[];
  remove(): void;
}

/**
 * Writes the variant. Without patches the template copy points its CodeUri at the
 * project itself; with patches it points at a patched copy of src/ beside it (Node
 * still finds node_modules by walking up to the project).
 */
export function createVariant(spec: VariantSpec): Variant {
  const dir = join(VARIANTS_DIR, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const unmatched: CodePatch[] = [];
  let codeRoot = PROJECT_ROOT;
  if (spec.patches && spec.patches.length > 0) {
    codeRoot = dir;
    cpSync(join(PROJECT_ROOT, "src"), join(dir, "src"), { recursive: true });
    cpSync(join(PROJECT_ROOT, "data"), join(dir, "data"), { recursive: true });
    for (const patch of spec.patches) {
      const path = join(dir, patch.file);
      const before = readFileSync(path, "utf8");
      const after = before.replace(patch.find, patch.replace);
      if (after === before) unmatched.push(patch);
      else writeFileSync(path, after);
    }
  }
  const document = parseDocument(readFileSync(join(PROJECT_ROOT, "template.yaml"), "utf8"), { keepSourceTokens: false });
  // Custom tags (!Ref...) are kept as they were written: only plain values are edited below.
  const resources = document.get("Resources") as YAMLMap;
  for (const item of resources.items) {
    const resource = item.value as YAMLMap;
    if (!isMap(resource) || resource.get("Type") !== "AWS::Serverless::Function") continue;
    resource.setIn(["Properties", "CodeUri"], codeRoot);
    const logicalId = String((item.key as { value?: unknown }).value ?? item.key);
    for (const [name, value] of Object.entries(spec.environment?.[logicalId] ?? {})) {
      resource.setIn(["Properties", "Environment", "Variables", name], value);
    }
  }
  const templatePath = join(dir, "template.yaml");
  writeFileSync(templatePath, String(document as Document));
  const remove = (): void => {
    rmSync(dir, { recursive: true, force: true });
    if (readdirSync(VARIANTS_DIR).length === 0) rmSync(VARIANTS_DIR, { recursive: true, force: true });
  };
  return { name: spec.name, templatePath, unmatched, remove };
}
