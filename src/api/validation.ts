/** Turning validation failures into a 400 that names every offending field. */
import { ErrorCode, HttpError, type FieldIssue } from "./http";

export function validationFailed(details: readonly FieldIssue[], message: string): HttpError {
  return new HttpError(400, ErrorCode.ValidationFailed, message, { details });
}
