/** Turning validation failures into a 400 that names every offending field. */
import type { z } from "zod";
import { formatPath } from "../domain/order";
import { ErrorCode, HttpError, type FieldIssue } from "./http";

/** Keys that could reach an object's prototype if some later code merged the input. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

export function validationFailed(details: readonly FieldIssue[], message: string): HttpError {
  return new HttpError(400, ErrorCode.ValidationFailed, message, { details });
}

/** A zod error as a 400: one detail per issue, one per unknown key. */
export function validationError(error: z.ZodError, message: string): HttpError {
  const details = error.issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: formatPath([...issue.path, key]),
        message: FORBIDDEN_KEYS.has(key) ? "is a forbidden key" : "is not an allowed field",
      }));
    }
    return [{ field: formatPath(issue.path), message: issue.message }];
  });
  return validationFailed(details, message);
}
