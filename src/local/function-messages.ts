/**
 * What the function runtime (main thread) and a sandbox (worker thread) say to
 * each other. Events and results travel as JSON text, as they do through Lambda.
 */

/** Lambda's error shape for a failed invocation. */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace?: string[];
}

/** Fixed for the sandbox's life, like a Lambda execution environment. */
export interface SandboxInit {
  functionName: string;
  codePath: string;
  handlerExport: string;
  memorySizeMb: number;
  logGroupName: string;
  logStreamName: string;
}

export interface InvokeMessage {
  type: "invoke";
  id: number;
  eventJson: string;
  awsRequestId: string;
  invokedFunctionArn: string;
  /** Epoch milliseconds when the function's Timeout runs out. */
  deadline: number;
}

export type SandboxMessage =
  | { type: "ready" }
  | { type: "init-error"; error: FunctionError }
  | { type: "result"; id: number; payloadJson: string }
  | { type: "error"; id: number; error: FunctionError }
  /** The code broke the sandbox (an uncaught exception or unhandled rejection); it is replaced. */
  | { type: "crash"; error: FunctionError };

export function toFunctionError(thrown: unknown, fallbackType = "Error"): FunctionError {
  if (thrown instanceof Error) {
    return {
      errorType: thrown.name || fallbackType,
      errorMessage: thrown.message,
      ...(thrown.stack ? { trace: thrown.stack.split("\n") } : {}),
    };
  }
  // The Node.js runtime reports a thrown non-Error by its type, e.g. `throw "boom"` → errorType "string".
  return { errorType: typeof thrown, errorMessage: typeof thrown === "string" ? thrown : JSON.stringify(thrown) ?? String(thrown) };
}
