import { InvalidParameterValueError } from "./errors";
import type { ErrorObject } from "./types";

/** Small shared checks used by the per-operation validations. */

export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new InvalidParameterValueError("Request body is not valid JSON.");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new InvalidParameterValueError("Request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new InvalidParameterValueError(`${field} must be a string.`);
  return value;
}

export function optionalInteger(raw: string | null, field: string, min: number, max: number): number | undefined {
  if (raw === null || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidParameterValueError(`${field} must be an integer between ${min} and ${max}.`);
  }
  return value;
}

export function optionalBoolean(raw: string | null, field: string): boolean | undefined {
  if (raw === null || raw === "") return undefined;
  if (raw !== "true" && raw !== "false") throw new InvalidParameterValueError(`${field} must be true or false.`);
  return raw === "true";
}

export function optionalTimestamp(raw: string | null, field: string): number | undefined {
  if (raw === null || raw === "") return undefined;
  const asNumber = Number(raw);
  const ms = Number.isFinite(asNumber) ? asNumber * 1000 : Date.parse(raw);
  if (!Number.isFinite(ms)) throw new InvalidParameterValueError(`${field} must be a timestamp.`);
  return ms;
}

export function errorObject(value: unknown): ErrorObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new InvalidParameterValueError("Error must be an object.");
  const source = value as Record<string, unknown>;
  const out: ErrorObject = {};
  const message = optionalString(source.ErrorMessage, "ErrorMessage");
  const type = optionalString(source.ErrorType, "ErrorType");
  const data = optionalString(source.ErrorData, "ErrorData");
  if (message !== undefined) out.ErrorMessage = message;
  if (type !== undefined) out.ErrorType = type;
  if (data !== undefined) out.ErrorData = data;
  if (source.StackTrace !== undefined) {
    if (!Array.isArray(source.StackTrace) || !source.StackTrace.every((line) => typeof line === "string")) {
      throw new InvalidParameterValueError("StackTrace must be a list of strings.");
    }
    out.StackTrace = source.StackTrace as string[];
  }
  return out;
}

export function requireLabel(label: string, field: string): string {
  if (!label) throw new InvalidParameterValueError(`${field} is required.`);
  return label;
}
