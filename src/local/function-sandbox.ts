/**
 * One execution environment of one function: a worker thread with a private
 * process.env and the handler loaded once. It runs one invocation at a time and
 * enforces the function's Timeout; a timed-out or crashed sandbox is thrown away,
 * and the next invocation gets a fresh one (a cold start), as in Lambda.
 */
import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Readable } from "node:stream";
import type { FunctionError, InvokeMessage, SandboxInit, SandboxMessage } from "./function-messages";
import type { FunctionSpec } from "./functions";
import { sandboxBootstrap } from "./sandbox-bootstrap";

export interface InvocationOutcome {
  payload?: unknown;
  error?: FunctionError;
}

export type LogSink = (functionName: string, line: string, stream: "stdout" | "stderr") => void;

/** Loading the handler (tsx compiling it on first use included) may take this long. */
const INIT_LIMIT_MS = 30_000;

/** Under `node --cpu-prof` (npm run bench -- --profile) each sandbox writes a profile of its own. */
const PROFILER_FLAGS = process.execArgv.filter((flag) => flag.startsWith("--cpu-prof"));

type Pending = { id: number; resolve: (outcome: InvocationOutcome) => void; timer: NodeJS.Timeout };

export class FunctionSandbox {
  private readonly worker: Worker;
  private readonly ready: Promise<FunctionError | undefined>;
  private pending: Pending | undefined;
  private nextId = 1;
  private dead = false;

  constructor(
    private readonly spec: FunctionSpec,
    environment: Record<string, string>,
    log: LogSink,
  ) {
    const init: SandboxInit = {
      functionName: spec.name,
      codePath: spec.codePath,
      handlerExport: spec.handlerExport,
      memorySizeMb: spec.memorySizeMb,
      logGroupName: spec.logging.logGroup,
      logStreamName: `${new Date().toISOString().slice(0, 10).replace(/-/g, "/")}/[$LATEST]${randomUUID().replace(/-/g, "")}`,
    };
    this.worker = new Worker(sandboxBootstrap(spec.codePath), {
      eval: true,
      workerData: init,
      env: environment,
      // Not the parent's flags: a sandbox starts as a clean Node.js process would (a CPU profiler excepted).
      execArgv: PROFILER_FLAGS,
      stdout: true,
      stderr: true,
      // MemorySize bounds the heap, so a leak fails here as it would in Lambda.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(spec.memorySizeMb, 128) },
    });
    forwardLines(this.worker.stdout, (line) => log(spec.name, line, "stdout"));
    forwardLines(this.worker.stderr, (line) => log(spec.name, line, "stderr"));

    this.ready = new Promise((resolve) => {
      const initTimer = setTimeout(() => {
        resolve({ errorType: "Runtime.InitTimeout", errorMessage: `${spec.name} did not finish loading its handler within ${INIT_LIMIT_MS / 1000} s` });
        void this.terminate();
      }, INIT_LIMIT_MS);
      const settleInit = (error?: FunctionError) => {
        clearTimeout(initTimer);
        resolve(error);
      };
      this.worker.on("message", (message: SandboxMessage) => {
        switch (message.type) {
          case "ready":
            return settleInit();
          case "init-error":
            settleInit(message.error);
            return void this.terminate();
          case "result":
            return this.finish(message.id, { payload: JSON.parse(message.payloadJson) as unknown });
          case "error":
            return this.finish(message.id, { error: message.error });
          case "crash":
            settleInit(message.error);
            if (this.pending) this.finish(this.pending.id, { error: message.error });
            return void this.terminate();
          default:
            return message satisfies never;
        }
      });
      this.worker.on("error", (error) => {
        const failure: FunctionError = isOutOfMemory(error)
          ? { errorType: "Runtime.OutOfMemory", errorMessage: `${spec.name} ran out of memory (MemorySize ${spec.memorySizeMb} MB)` }
          : { errorType: "Runtime.ExitError", errorMessage: `${error.name}: ${error.message}` };
        settleInit(failure);
        if (this.pending) this.finish(this.pending.id, { error: failure });
        this.dead = true;
      });
      this.worker.on("exit", (code) => {
        const failure: FunctionError = { errorType: "Runtime.ExitError", errorMessage: `Runtime exited with error: exit status ${code}` };
        settleInit(failure);
        if (this.pending) this.finish(this.pending.id, { error: failure });
        this.dead = true;
      });
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Resolves when the handler is loaded: undefined, or the init error every invocation of this sandbox reports. */
  whenReady(): Promise<FunctionError | undefined> {
    return this.ready;
  }

  async invoke(event: unknown, invocation: { awsRequestId: string; invokedFunctionArn: string }): Promise<InvocationOutcome> {
    if (this.pending) throw new Error(`sandbox of ${this.spec.name} is already running an invocation`);
    const initError = await this.ready;
    if (initError) return { error: initError };
    if (this.dead) return { error: { errorType: "Runtime.ExitError", errorMessage: "the sandbox has stopped" } };
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    const message: InvokeMessage = {
      type: "invoke",
      id: this.nextId++,
      eventJson: JSON.stringify(event) ?? "null",
      awsRequestId: invocation.awsRequestId,
      invokedFunctionArn: invocation.invokedFunctionArn,
      deadline: Date.now() + timeoutMs,
    };
    return new Promise<InvocationOutcome>((resolve) => {
      const timer = setTimeout(() => {
        // Lambda stops the whole environment on a timeout; so do we.
        this.finish(message.id, {
          error: {
            errorType: "Sandbox.Timedout",
            errorMessage: `${invocation.awsRequestId} Task timed out after ${this.spec.timeoutSeconds.toFixed(2)} seconds`,
          },
        });
        void this.terminate();
      }, timeoutMs);
      this.pending = { id: message.id, resolve, timer };
      this.worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private finish(id: number, outcome: InvocationOutcome): void {
    const pending = this.pending;
    if (!pending || pending.id !== id) return;
    clearTimeout(pending.timer);
    this.pending = undefined;
    pending.resolve(outcome);
  }
}

function isOutOfMemory(error: Error): boolean {
  return (error as NodeJS.ErrnoException).code === "ERR_WORKER_OUT_OF_MEMORY";
}

function forwardLines(stream: Readable, write: (line: string) => void): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      write(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf("\n");
    }
  });
  stream.on("end", () => {
    if (buffered) write(buffered);
  });
}
