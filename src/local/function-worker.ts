/**
 * Runs inside a worker thread: one function's execution environment. It loads the
 * handler once (the "init" phase) and then answers one invocation at a time, with
 * its own process.env, as a Lambda container does.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Context } from "aws-lambda";
import { toFunctionError, type InvokeMessage, type SandboxInit, type SandboxMessage } from "./function-messages";

type Handler = (event: unknown, context: Context, callback?: (error?: unknown, result?: unknown) => void) => unknown;

const init = workerData as SandboxInit;
const port = parentPort;
if (!port) throw new Error("function-worker must run in a worker thread");

function post(message: SandboxMessage): void {
  port!.postMessage(message);
}

/** Set by the sandbox's bootstrap: removes tsx's require hook. */
declare global {
  var __unregisterTsx: (() => void) | undefined;
}

function loadHandler(): Handler | undefined {
  let loaded: Record<string, unknown>;
  if (/\.[cm]?js$/.test(init.codePath)) {
    globalThis.__unregisterTsx?.();
    // NODE_OPTIONS=--enable-source-maps (the template's Globals) does not reach a worker thread; this does.
    if (/--enable-source-maps\b/.test(process.env.NODE_OPTIONS ?? "")) process.setSourceMapsEnabled(true);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(init.codePath) as Record<string, unknown>;
  } catch (error) {
    const cause = toFunctionError(error);
    const errorType = cause.errorType === "SyntaxError" ? "Runtime.UserCodeSyntaxError" : "Runtime.ImportModuleError";
    post({ type: "init-error", error: { ...cause, errorType, errorMessage: `${cause.errorType}: ${cause.errorMessage}` } });
    return undefined;
  }
  const handler = loaded[init.handlerExport] ?? (loaded.default as Record<string, unknown> | undefined)?.[init.handlerExport];
  if (typeof handler !== "function") {
    post({
      type: "init-error",
      error: { errorType: "Runtime.HandlerNotFound", errorMessage: `${init.codePath} does not export a function named ${init.handlerExport}` },
    });
    return undefined;
  }
  return handler as Handler;
}

function crash(thrown: unknown, errorType?: string): void {
  const error = toFunctionError(thrown);
  post({ type: "crash", error: errorType ? { ...error, errorType, errorMessage: `${error.errorType}: ${error.errorMessage}` } : error });
}
process.on("uncaughtException", (error) => crash(error));
process.on("unhandledRejection", (reason) => crash(reason, "Runtime.UnhandledPromiseRejection"));

function lambdaContext(message: InvokeMessage, settle: (error: unknown, result?: unknown) => void): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(init.memorySizeMb),
    awsRequestId: message.awsRequestId,
    logGroupName: init.logGroupName,
    logStreamName: init.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
    // The legacy completion methods, still typed on Context.
    done: (error?: Error, result?: unknown) => settle(error ?? undefined, result),
    fail: (error: Error | string) => settle(typeof error === "string" ? new Error(error) : error),
    succeed: (result: unknown) => settle(undefined, result),
  };
}

function runHandler(handler: Handler, message: InvokeMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: unknown) => {
      if (settled) return;
      settled = true;
      if (error !== undefined && error !== null) reject(error);
      else resolve(result);
    };
    const event: unknown = JSON.parse(message.eventJson);
    const context = lambdaContext(message, settle);
    try {
      const returned = handler.length >= 3 ? handler(event, context, settle) : handler(event, context);
      if (returned && typeof (returned as Promise<unknown>).then === "function") {
        (returned as Promise<unknown>).then((result) => settle(undefined, result), (error: unknown) => settle(error ?? new Error("handler rejected")));
      } else if (handler.length < 3) {
        settle(undefined, returned);
      }
    } catch (error) {
      settle(error);
    }
  });
}

const handler = loadHandler();
if (handler) {
  port.on("message", async (message: InvokeMessage) => {
    try {
      const result = await runHandler(handler, message);
      // Lambda answers JSON: `undefined` becomes null.
      post({ type: "result", id: message.id, payloadJson: JSON.stringify(result) ?? "null" });
    } catch (error) {
      post({ type: "error", id: message.id, error: toFunctionError(error) });
    }
  });
  post({ type: "ready" });
}
