import { InvocationStatus } from "./constants";
import type { ErrorObject, FunctionInvokeResult } from "./types";

/** What one handler invocation amounted to. "broken" = it threw or returned something that is not a durable result. */
export type InvocationOutcome =
  | { kind: "succeeded"; result?: string }
  | { kind: "failed"; error: ErrorObject }
  | { kind: "pending" }
  | { kind: "broken"; error: ErrorObject };

export function classifyInvocation(result: FunctionInvokeResult): InvocationOutcome {
  if (result.error) {
    return {
      kind: "broken",
      error: { ErrorType: result.error.errorType, ErrorMessage: result.error.errorMessage, ...(result.error.trace && { StackTrace: result.error.trace }) },
    };
  }
  const payload = result.payload;
  const status = payload && typeof payload === "object" && "Status" in payload ? (payload as { Status: unknown }).Status : undefined;
  switch (status) {
    case InvocationStatus.SUCCEEDED: {
      const value = (payload as { Result?: unknown }).Result;
      return { kind: "succeeded", ...(typeof value === "string" && { result: value }) };
    }
    case InvocationStatus.FAILED: {
      const error = (payload as { Error?: ErrorObject }).Error;
      return { kind: "failed", error: error && typeof error === "object" ? error : {} };
    }
    case InvocationStatus.PENDING:
      return { kind: "pending" };
    default:
      return {
        kind: "broken",
        error: { ErrorType: "InvalidDurableResponse", ErrorMessage: "The handler did not return a durable invocation result ({Status: SUCCEEDED|FAILED|PENDING})." },
      };
  }
}

export function errorObjectFrom(error: unknown): ErrorObject {
  if (error instanceof Error) {
    return { ErrorType: error.name, ErrorMessage: error.message, ...(error.stack && { StackTrace: error.stack.split("\n") }) };
  }
  return { ErrorType: "Error", ErrorMessage: String(error) };
}
