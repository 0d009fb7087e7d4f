/**
 * How schema failures become field errors that name the offending field.
 * Shared by the API (HTTP 400 details), the workers (INVALID_REQUEST) and the workflow.
 */
import type { z } from "zod/mini";

export interface FieldError {
  /** Path in the submitted JSON, e.g. `items[0].quantity`; `(root)` for the document itself. */
  field: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Keys that could reach an object's prototype if some later code merged the input. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** One error per issue, and one per unknown key (so `{"quantiy": 1}` names `quantiy`). */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue): FieldError[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: formatPath([...issue.path, key]),
        message: FORBIDDEN_KEYS.has(key) ? "is a forbidden key" : "is not an allowed field",
      }));
    }
    return [{ field: formatPath(issue.path), message: issue.message }];
  });
}

/** Fills in a readable message where a schema gives none of its own. */
export function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === "invalid_type" && issue.input === undefined ? "is required" : undefined;
}

/** Parses with a schema and reports failures as field errors. */
export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(input, { error: requiredMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: fieldErrorsOf(result.error.issues) };
}

/** ["items", 0, "quantity"] → "items[0].quantity". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out ? `.${String(segment)}` : String(segment);
  }
  return out || "(root)";
}
