import {
  createRetryStrategy,
  type DurableContext,
  type DurableExecutionHandler,
  JitterStrategy,
  retryPresets,
} from "@aws/durable-execution-sdk-js";
import type { Handler } from "aws-lambda";

/** What a case may do to a running execution, whichever implementation runs it (both test runners offer this). */
export interface CallbackDriver {
  getOperation(name: string): {
    waitForData(status?: never): Promise<unknown>;
    sendCallbackSuccess(result?: string): Promise<unknown>;
    sendCallbackFailure(error?: { ErrorMessage?: string; ErrorType?: string }): Promise<unknown>;
    sendCallbackHeartbeat(): Promise<unknown>;
  };
}

export interface ConformanceCase {
  /** Behaviour sentence used in test names. */
  title: string;
  /** Function name the case is registered under. */
  name: string;
  handler: DurableExecutionHandler<any, any>;
  payload?: unknown;
  /** Runs while the execution is in flight (callbacks). */
  drive?: (runner: CallbackDriver) => Promise<void>;
}

class OrderRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OrderRejectedError";
  }
}

const fastRetries = (maxAttempts: number) =>
  createRetryStrategy({ maxAttempts, initialDelay: { seconds: 2 }, maxDelay: { seconds: 10 }, backoffRate: 2, jitter: JitterStrategy.NONE });

const errorName = (error: unknown) => (error instanceof Error ? error.constructor.name : typeof error);

/** Target functions of the invoke cases, registered under these exact names in both implementations. */
export const PLAIN_FUNCTION = "plain-fn";
export const FAILING_FUNCTION = "failing-fn";
export const CHILD_WORKFLOW = "child-wf";
export const CHILD_WORKFLOW_QUALIFIED = "child-wf:live";

export const plainFunction: Handler<{ x: number }, { doubled: number }> = async (event) => ({ doubled: event.x * 2 });
export const failingFunction: Handler<unknown, never> = async () => {
  throw new OrderRejectedError("worker said no");
};
export const childWorkflow: DurableExecutionHandler<{ n: number }, { child: number }> = async (event, ctx) => {
  const value = await ctx.step("child-step", async () => event.n * 10);
  await ctx.wait("child-wait", { seconds: 30 });
  return { child: value + 1 };
};

const approvalDriver = (operation: string, send: "success" | "failure" | "heartbeat-then-success") =>
  async (runner: CallbackDriver) => {
    const op = runner.getOperation(operation);
    await op.waitForData("STARTED" as never);
    if (send === "failure") {
      await op.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: "manager said no" });
      return;
    }
    if (send === "heartbeat-then-success") await op.sendCallbackHeartbeat();
    await op.sendCallbackSuccess(JSON.stringify({ approved: true }));
  };

export const conformanceCases: ConformanceCase[] = [
  {
    title: "sequential steps return their results",
    name: "steps",
    payload: { a: 2 },
    handler: async (event: { a: number }, ctx: DurableContext) => {
      const x = await ctx.step("add-one", async () => event.a + 1);
      const y = await ctx.step("double", async () => x * 2);
      return { x, y };
    },
  },
  {
    title: "a step that fails twice succeeds on its third attempt",
    name: "step-retry",
    handler: async (_event: unknown, ctx: DurableContext) =>
      ctx.step("flaky", async ({ attempt }) => {
        if (attempt < 3) throw new Error(`transient failure ${attempt}`);
        return { attempt };
      }, { retryStrategy: fastRetries(5) }),
  },
  {
    title: "a step that keeps failing fails the execution with its error",
    name: "step-exhausted",
    handler: async (_event: unknown, ctx: DurableContext) => {
      await ctx.step("always-fails", async () => {
        throw new OrderRejectedError("declined");
      }, { retryStrategy: fastRetries(2) });
      return "unreachable";
    },
  },
  {
    title: "a caught step error lets the workflow continue",
    name: "step-caught",
    handler: async (_event: unknown, ctx: DurableContext) => {
      try {
        await ctx.step("no-retry", async () => {
          throw new OrderRejectedError("nope");
        }, { retryStrategy: retryPresets.noRetry });
      } catch (error) {
        return { caught: errorName(error), message: (error as Error).message };
      }
      return { caught: "nothing" };
    },
  },
  {
    title: "a wait pauses and then resumes the workflow",
    name: "wait",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const before = await ctx.step("before", async () => "b");
      await ctx.wait("long-pause", { minutes: 5 });
      const after = await ctx.step("after", async () => "a");
      return before + after;
    },
  },
  {
    title: "a callback completed with success delivers its result",
    name: "callback-success",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const [promise] = await ctx.createCallback("approval", { timeout: { hours: 1 } });
      const raw = await promise;
      return { decision: JSON.parse(raw) };
    },
    drive: approvalDriver("approval", "success"),
  },
  {
    title: "a callback completed with failure throws CallbackExternalError",
    name: "callback-failure",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const [promise] = await ctx.createCallback("approval", { timeout: { hours: 1 } });
      try {
        await promise;
        return "approved";
      } catch (error) {
        return { error: errorName(error), message: (error as Error).message };
      }
    },
    drive: approvalDriver("approval", "failure"),
  },
  {
    title: "a callback that nobody answers times out with CallbackTimeoutError",
    name: "callback-timeout",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const [promise] = await ctx.createCallback("approval", { timeout: { seconds: 1 } });
      try {
        await promise;
        return "answered";
      } catch (error) {
        return { error: errorName(error) };
      }
    },
  },
  {
    title: "waitForCallback with a heartbeat then success returns the result",
    name: "wait-for-callback",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const raw = await ctx.waitForCallback("approval", async () => undefined, {
        timeout: { hours: 1 },
        heartbeatTimeout: { minutes: 10 },
      });
      return { decision: JSON.parse(raw) };
    },
    drive: approvalDriver("approval", "heartbeat-then-success"),
  },
  {
    title: "waitForCondition polls until the condition holds",
    name: "wait-for-condition",
    handler: async (_event: unknown, ctx: DurableContext) =>
      ctx.waitForCondition("poll-pickup", async (state: { polls: number }) => ({ polls: state.polls + 1 }), {
        initialState: { polls: 0 },
        waitStrategy: (state) => (state.polls >= 3 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 30 } }),
      }),
  },
  {
    title: "parallel tolerates one failed branch under toleratedFailureCount",
    name: "parallel",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const result = await ctx.parallel("prepare", [
        { name: "inventory", func: async (c) => c.step("reserve", async () => "reserved") },
        { name: "payment", func: async (c) => c.step("authorize", async () => { throw new OrderRejectedError("card declined"); }, { retryStrategy: retryPresets.noRetry }) },
        { name: "shipping", func: async (c) => c.step("quote", async () => 7) },
      ], { completionConfig: { toleratedFailureCount: 1 }, maxConcurrency: 1 });
      return { status: result.status, reason: result.completionReason, ok: result.successCount, failed: result.failureCount, results: result.getResults() };
    },
  },
  {
    title: "map stops once minSuccessful items succeeded",
    name: "map",
    payload: { items: [1, 2, 3, 4, 5] },
    handler: async (event: { items: number[] }, ctx: DurableContext) => {
      const result = await ctx.map("pick-items", event.items, async (c, item) => c.step(`pick-${item}`, async () => item * 100), {
        maxConcurrency: 1,
        completionConfig: { minSuccessful: 2 },
      });
      return { reason: result.completionReason, results: result.getResults(), total: result.totalCount };
    },
  },
  {
    title: "nested child contexts with a wait inside return their result",
    name: "child-contexts",
    handler: async (_event: unknown, ctx: DurableContext) =>
      ctx.runInChildContext("outer", async (outer) => {
        const a = await outer.step("outer-step", async () => 1);
        const b = await outer.runInChildContext("inner", async (inner) => {
          await inner.wait("inner-wait", { seconds: 45 });
          return inner.step("inner-step", async () => 2);
        });
        return a + b;
      }),
  },
  {
    title: "invoke of a non-durable function returns its result",
    name: "invoke-plain",
    handler: async (_event: unknown, ctx: DurableContext) => ctx.invoke("call-plain", PLAIN_FUNCTION, { x: 21 }),
  },
  {
    title: "invoke of a failing function throws InvokeError",
    name: "invoke-failing",
    handler: async (_event: unknown, ctx: DurableContext) => {
      try {
        await ctx.invoke("call-failing", FAILING_FUNCTION, { x: 1 });
        return "no error";
      } catch (error) {
        return { error: errorName(error), message: (error as Error).message };
      }
    },
  },
  {
    title: "invoke of a durable function waits for the child execution",
    name: "invoke-durable",
    handler: async (_event: unknown, ctx: DurableContext) => {
      const child = await ctx.invoke("call-child", CHILD_WORKFLOW_QUALIFIED, { n: 4 });
      return { fromChild: child };
    },
  },
  {
    title: "a handler that throws fails the execution with the error type",
    name: "throws",
    handler: async (_event: unknown, ctx: DurableContext) => {
      await ctx.step("validate", async () => "ok");
      throw new OrderRejectedError("order rejected by policy");
    },
  },
];
