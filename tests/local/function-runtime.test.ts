import { availableParallelism } from "node:os";
import { DEFAULT_MAX_CONCURRENCY, LocalFunctionRuntime } from "../../src/local/function-runtime";
import { fixtureFunctions } from "./fixtures/fixture-template";

const logged: string[] = [];
const runtime = new LocalFunctionRuntime({
  functions: fixtureFunctions(),
  endpoints: { lambda: "http://127.0.0.1:3999", dynamodb: "http://127.0.0.1:8999" },
  environmentOverrides: { Parameters: { LATENCY_MS: "0", NOT_DECLARED: "x" }, BetaFunction: { SHARED_NAME: "beta-override" } },
  log: (name, line) => logged.push(`${name}: ${line}`),
});

afterAll(() => runtime.close());

type Report = {
  sharedName?: string;
  greeting?: string;
  region?: string;
  functionName?: string;
  lambdaEndpoint?: string;
  dynamodbEndpoint?: string;
  home?: string;
  invocations: number;
  context: { functionName: string; invokedFunctionArn: string; awsRequestId: string; memoryLimitInMB: string; remainingMs: number };
};

describe("resolving function names", () => {
  test("a name, a qualified name, a partial ARN and a full or alias ARN all resolve to the function", () => {
    for (const name of [
      "DurableFunction",
      "DurableFunction:live",
      "DurableFunction:$LATEST",
      "000000000000:function:DurableFunction:live",
      "arn:aws:lambda:us-east-2:000000000000:function:DurableFunction",
      "arn:aws:lambda:us-east-2:000000000000:function:DurableFunction:live",
    ]) {
      expect(runtime.resolve(name)).toMatchObject({ name: "DurableFunction", durable: true });
    }
    expect(runtime.resolve("DurableFunction:live")).toMatchObject({ qualifier: "live", executionTimeoutSeconds: 3600, retentionPeriodInDays: 3 });
    expect(runtime.resolve("AlphaFunction")).toEqual(expect.objectContaining({ name: "AlphaFunction", durable: false }));
  });

  test("an unknown function, an unknown alias or a malformed ARN resolves to nothing", () => {
    expect(runtime.resolve("NoSuchFunction")).toBeUndefined();
    expect(runtime.resolve("DurableFunction:prod")).toBeUndefined();
    expect(runtime.resolve("arn:aws:s3:::bucket")).toBeUndefined();
    expect(runtime.resolve("a:b:c")).toBeUndefined();
  });
});

describe("invoking functions", () => {
  test("each function has its own process.env, with the template's variables resolved and the local endpoints set", async () => {
    const [alpha, beta] = await Promise.all([runtime.invoke("AlphaFunction", { set: "changed-by-alpha" }), runtime.invoke("BetaFunction", {})]);
    const alphaReport = alpha.payload as Report;
    const betaReport = beta.payload as Report;
    expect(alphaReport).toMatchObject({
      sharedName: "alpha",
      greeting: "hello",
      region: "us-east-2",
      functionName: "AlphaFunction",
      lambdaEndpoint: "http://127.0.0.1:3999",
      dynamodbEndpoint: "http://127.0.0.1:8999",
    });
    expect(betaReport.sharedName).toBe("beta-override");
    // Alpha changed its own environment; the next Alpha invocation (same warm sandbox) sees it, Beta never does.
    const again = (await runtime.invoke("AlphaFunction", {})).payload as Report;
    expect(again.sharedName).toBe("changed-by-alpha");
    expect(((await runtime.invoke("BetaFunction", {})).payload as Report).sharedName).toBe("beta-override");
  });

  test("the environment holds only what Lambda would set, never variables of the process that started the stack", async () => {
    process.env.LEAK_CHECK = "from-the-parent";
    const fresh = new LocalFunctionRuntime({ functions: fixtureFunctions(), log: () => undefined });
    try {
      const report = (await fresh.invoke("AlphaFunction", {})).payload as Report;
      expect(report.home).toBeUndefined();
      expect(report.functionName).toBe("AlphaFunction");
    } finally {
      delete process.env.LEAK_CHECK;
      await fresh.close();
    }
  });

  test("the handler receives a Lambda context with its name, invoked ARN, request id, memory and remaining time", async () => {
    const report = (await runtime.invoke("DurableFunction", {}, { qualifier: "live", awsRequestId: "req-1" })).payload as Report;
    expect(report.context).toMatchObject({
      functionName: "DurableFunction",
      invokedFunctionArn: "arn:aws:lambda:us-east-2:000000000000:function:DurableFunction:live",
      awsRequestId: "req-1",
      memoryLimitInMB: "256",
    });
    expect(report.context.remainingMs).toBeGreaterThan(0);
    expect(report.context.remainingMs).toBeLessThanOrEqual(10_000);
  });

  test("a warm sandbox keeps module state between invocations, as a Lambda container does", async () => {
    const first = (await runtime.invoke("DurableFunction", {})).payload as Report;
    const second = (await runtime.invoke("DurableFunction", {})).payload as Report;
    expect(second.invocations).toBe(first.invocations + 1);
  });

  test("an error thrown by the handler comes back as errorType and errorMessage", async () => {
    const outcome = await runtime.invoke("FailingFunction", {});
    expect(outcome.payload).toBeUndefined();
    expect(outcome.error).toMatchObject({ errorType: "PaymentDeclinedError", errorMessage: "card declined" });
    expect(outcome.error?.trace?.length).toBeGreaterThan(0);
  });

  test("an invocation that outlives the function's Timeout fails as Sandbox.Timedout, and the next one gets a fresh sandbox", async () => {
    const outcome = await runtime.invoke("SleepyFunction", { ms: 5_000 });
    expect(outcome.error).toMatchObject({ errorType: "Sandbox.Timedout", errorMessage: expect.stringContaining("Task timed out after 1.00 seconds") });
    await expect(runtime.invoke("SleepyFunction", { ms: 1 })).resolves.toMatchObject({ payload: { slept: 1 } });
  });

  test("a callback-style handler's result is returned", async () => {
    await expect(runtime.invoke("CallbackFunction", { value: 21 })).resolves.toEqual({ payload: { doubled: 42 } });
  });

  test("an unhandled rejection fails the invocation as Runtime.UnhandledPromiseRejection", async () => {
    const outcome = await runtime.invoke("RejectingFunction", {});
    expect(outcome.error).toMatchObject({ errorType: "Runtime.UnhandledPromiseRejection", errorMessage: expect.stringContaining("nobody awaited me") });
  });

  test("a handler name that the module does not export fails as Runtime.HandlerNotFound", async () => {
    const outcome = await runtime.invoke("MissingExportFunction", {});
    expect(outcome.error).toMatchObject({ errorType: "Runtime.HandlerNotFound" });
  });

  test("concurrent invocations of one function run in separate sandboxes", async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => runtime.invoke("SleepyFunction", { ms: 200 })));
    expect(outcomes.map((o) => (o.payload as { slept: number }).slept)).toEqual([200, 200, 200]);
  });

  test("an unknown function is ResourceNotFoundException", async () => {
    const outcome = await runtime.invoke("Nope", {});
    expect(outcome.error?.errorType).toBe("ResourceNotFoundException");
  });
});

describe("scaling out", () => {
  const freshRuntime = () => new LocalFunctionRuntime({ functions: fixtureFunctions(), endpoints: { lambda: "http://127.0.0.1:3999", dynamodb: "http://127.0.0.1:8999" }, log: () => undefined });

  test("one cold start at a time: of three calls to a cold function, the first sandbox serves two while the second loads", async () => {
    const fresh = freshRuntime();
    try {
      const outcomes = await Promise.all([1, 2, 3].map(() => fresh.invoke("AlphaFunction", {})));
      expect(outcomes.map((outcome) => (outcome.payload as Report).invocations).sort()).toEqual([1, 1, 2]);
    } finally {
      await fresh.close();
    }
  });

  test("a function never has more sandboxes than its limit: further calls wait for a free one", async () => {
    const limited = new LocalFunctionRuntime({ functions: fixtureFunctions(), endpoints: { lambda: "http://127.0.0.1:3999", dynamodb: "http://127.0.0.1:8999" }, log: () => undefined, maxConcurrency: 2 });
    try {
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => limited.invoke("SleepyFunction", { ms: 300 })));
      expect(outcomes.map((outcome) => outcome.error)).toEqual(Array(6).fill(undefined));
      expect(new Set(outcomes.map((outcome) => (outcome.payload as { sandboxId: string }).sandboxId)).size).toBe(2);
    } finally {
      await limited.close();
    }
  });

  test("by default the limit is twice the machine's cores", () => {
    expect(DEFAULT_MAX_CONCURRENCY).toBe(Math.max(2, 2 * availableParallelism()));
  });

  test("a call that comes while the warm-up loads the function takes the loading sandbox rather than starting another", async () => {
    const fresh = freshRuntime();
    try {
      const warming = fresh.warm();
      const first = await fresh.invoke("AlphaFunction", {});
      const second = await fresh.invoke("AlphaFunction", {});
      await warming;
      expect([first, second].map((outcome) => (outcome.payload as Report).invocations)).toEqual([1, 2]);
    } finally {
      await fresh.close();
    }
  });
});
