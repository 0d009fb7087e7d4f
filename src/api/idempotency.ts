/**
 * The HTTP side of idempotent order creation: which header carries the key, what a
 * valid key looks like, and the fingerprint that tells "the same request again" from
 * "another request reusing a key".
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../domain/canonical-json";
import type { APIGatewayProxyEvent } from "aws-lambda";
import { ErrorCode, HttpError } from "./http";
import { headerValues } from "./request";

/** `Idempotency-Key` (IETF draft) first; `x-idempotency-key` for older clients. */
export const IDEMPOTENCY_HEADERS = ["idempotency-key", "x-idempotency-key"] as const;

export const IDEMPOTENCY_KEY_RULES = {
  minLength: 8,
  maxLength: 128,
  /** Letters, digits and `_ - . :` cover UUIDs, ULIDs and "checkout-42:retry" styles, and nothing that needs escaping. */
  pattern: /^[A-Za-z0-9_.:-]+$/,
} as const;

/** Keys are stored per operation so that another route could reuse the table without collisions. */
export function scopedIdempotencyKey(key: string): string {
  return `POST /orders#${key}`;
}

/** The request's idempotency key, or undefined when it sent none. Two different keys in one request are a 400. */
export function readIdempotencyKey(event: Pick<APIGatewayProxyEvent, "headers" | "multiValueHeaders">): string | undefined {
  const values = new Set(IDEMPOTENCY_HEADERS.flatMap((name) => headerValues(event, name)).map((value) => value.trim()));
  if (values.size === 0) return undefined;
  if (values.size > 1) {
    throw invalidKey("Send one idempotency key: the Idempotency-Key headers of this request disagree.");
  }
  const [key = ""] = values;
  const { minLength, maxLength, pattern } = IDEMPOTENCY_KEY_RULES;
  if (key.length < minLength || key.length > maxLength || !pattern.test(key)) {
    throw invalidKey(`The Idempotency-Key must be ${minLength}-${maxLength} characters of A-Z, a-z, 0-9, _, -, . or :.`);
  }
  return key;
}

function invalidKey(message: string): HttpError {
  return new HttpError(400, ErrorCode.InvalidIdempotencyKey, message, { details: [{ field: "Idempotency-Key", message }] });
}

/** SHA-256 of the body's canonical JSON: key order and whitespace do not make a request different. */
export function requestFingerprint(body: unknown): string {
  return createHash("sha256").update(canonicalJson(body)).digest("hex");
}
