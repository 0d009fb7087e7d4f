/**
 * DynamoDB errors as they travel on the wire, in the shape dynalite uses for its own
 * (an Error with `statusCode` and the JSON `body`), so the front door sends both alike.
 */
import { dynaliteDb, type DynaliteError, type WireItem } from "./dynalite";

const DYNAMODB = "com.amazonaws.dynamodb.v20120810#";
const CORAL = "com.amazon.coral.service#";

function wireError(type: string, body: Record<string, unknown>, statusCode = 400): DynaliteError {
  const message = typeof body.message === "string" ? body.message : typeof body.Message === "string" ? body.Message : type;
  return Object.assign(new Error(message), { statusCode, body: { __type: type, ...body } });
}

export function validationException(message: string): DynaliteError {
  return dynaliteDb.validationError(message);
}

export function serializationException(): DynaliteError {
  return wireError(`${CORAL}SerializationException`, {});
}

export function unknownOperationException(): DynaliteError {
  return wireError(`${CORAL}UnknownOperationException`, {});
}

export function internalServerError(message: string): DynaliteError {
  return wireError(`${DYNAMODB}InternalServerError`, { message }, 500);
}

export function authenticationError(type: "MissingAuthenticationTokenException" | "IncompleteSignatureException" | "InvalidSignatureException", message: string): DynaliteError {
  return wireError(`${CORAL}${type}`, { message });
}

export function idempotentParameterMismatch(): DynaliteError {
  return wireError(`${DYNAMODB}IdempotentParameterMismatchException`, {
    Message: "Request parameters do not match the parameters of the original request with the same client token",
  });
}

/** Why one action of a transaction kept it from committing ("None" for the actions that were fine). */
export type CancellationReason =
  | { Code: "None" }
  | { Code: "ConditionalCheckFailed"; Message: string; Item?: WireItem }
  | { Code: "ValidationError"; Message: string };

export function transactionCanceled(reasons: CancellationReason[]): DynaliteError {
  return wireError(`${DYNAMODB}TransactionCanceledException`, {
    Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(", ")}]`,
    CancellationReasons: reasons,
  });
}

export function isConditionalCheckFailed(error: DynaliteError): boolean {
  return error.body.__type.endsWith("#ConditionalCheckFailedException");
}
