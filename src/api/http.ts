/**
 * The HTTP vocabulary of the orders API: one error type that knows its status and
 * builds its own response, and the JSON response builder every route uses.
 *
 * Every error leaves the API as `{"error":{"code","message","details"?}}`; nothing
 * else (no stack, no SDK message) ever reaches a caller.
 */
import type { APIGatewayProxyResult } from "aws-lambda";

/** Machine-readable error codes; the README's status table lists them. */
export const ErrorCode = {
  ValidationFailed: "validation_failed",
  InvalidJson: "invalid_json",
  InvalidIdempotencyKey: "invalid_idempotency_key",
  InvalidOrderId: "invalid_order_id",
  NotFound: "not_found",
  OrderNotFound: "order_not_found",
  MethodNotAllowed: "method_not_allowed",
  IdempotencyKeyInProgress: "idempotency_key_in_progress",
  OrderNotAwaitingApproval: "order_not_awaiting_approval",
  ApprovalClosed: "approval_closed",
  PayloadTooLarge: "payload_too_large",
  UnsupportedMediaType: "unsupported_media_type",
  IdempotencyKeyReused: "idempotency_key_reused",
  WorkflowStartFailed: "workflow_start_failed",
  ApprovalSendFailed: "approval_send_failed",
  ServiceUnavailable: "service_unavailable",
  InternalError: "internal_error",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of a request, e.g. `{ field: "items[0].quantity", message: "..." }`. */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface HttpErrorOptions extends ErrorOptions {
  details?: readonly FieldIssue[];
  /** Extra response headers, e.g. `Allow` on 405 or `Retry-After` on 503. */
  headers?: Record<string, string>;
}

/** An error that is meant for the caller: its status, code and message are safe to send as they are. */
export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: readonly FieldIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  toResponse(): APIGatewayProxyResult {
    const error: { code: ErrorCode; message: string; details?: readonly FieldIssue[] } = { code: this.code, message: this.message };
    if (this.details && this.details.length > 0) error.details = this.details;
    return jsonResponse(this.status, { error }, this.headers);
  }
}

/** What an unexpected failure looks like from outside: deliberately nothing about the cause. */
export function internalErrorResponse(): APIGatewayProxyResult {
  return new HttpError(500, ErrorCode.InternalError, "The request could not be processed. Try again later.").toResponse();
}

const BASE_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  // Order state changes under the caller; a cached answer would be wrong.
  "cache-control": "no-store",
} as const;

export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...BASE_HEADERS, ...headers }, body: JSON.stringify(body) };
}
