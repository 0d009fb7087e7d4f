import {
  CallbackTimeoutException,
  CheckpointDurableExecutionCommand,
  DurableExecutionAlreadyStartedException,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  ResourceNotFoundException,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { type LambdaService, startLambdaService } from "../../../src/local/lambda-service";
import { InProcessRuntime } from "./support/in-process-runtime";
import { waitUntil } from "./support/wait-until";

const decode = (payload: Uint8Array | undefined) => Buffer.from(payload ?? []).toString("utf8");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let service: LambdaService;
let runtime: InProcessRuntime;
let client: LambdaClient;

async function callbackIdOf(arn: string): Promise<string> {
  return waitUntil("CallbackStarted in history", async () => {
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    return history.Events?.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
  });
}

async function startAsync(functionName: string, payload: unknown, name?: string): Promise<string> {
  const out = await client.send(new InvokeCommand({
    FunctionName: functionName,
    InvocationType: "Event",
    Payload: JSON.stringify(payload),
    ...(name && { DurableExecutionName: name }),
  }));
  expect(out.StatusCode).toBe(202);
  return out.DurableExecutionArn as string;
}

beforeAll(async () => {
  runtime = new InProcessRuntime()
    .registerDurable("approval-wf", async (event: { orderId: string }, ctx: DurableContext) => {
      const decision = await ctx.waitForCallback("await-approval", async () => undefined, { timeout: { hours: 24 } });
      return { orderId: event.orderId, decision: JSON.parse(decision) };
    })
    .registerDurable("echo-wf", async (event: unknown, ctx: DurableContext) => ctx.step("echo", async () => event))
    .registerDurable("failing-wf", async () => {
      throw new TypeError("bad order");
    })
    .registerDurable("heartbeat-wf", async (_event: unknown, ctx: DurableContext) => {
      const [promise] = await ctx.createCallback("needs-heartbeat", { timeout: { hours: 1 }, heartbeatTimeout: { seconds: 1 } });
      return promise;
    })
    .registerDurable("polling-wf", async (_event: unknown, ctx: DurableContext) => {
      const waited = ctx.wait("short-wait", { seconds: 1 });
      const slow = ctx.step("slow-step", async () => {
        await sleep(300);
        return "slow";
      });
      await Promise.all([waited, slow]);
      return "both";
    })
    .registerDurable("slow-wf", async (_event: unknown, ctx: DurableContext) => {
      await ctx.wait("forever", { hours: 1 });
      return "woke up";
    }, { executionTimeoutSeconds: 1 })
    .register("plain-fn", async (event: { x: number }) => ({ y: event.x + 1 }))
    .register("throwing-fn", async () => {
      throw new RangeError("out of range");
    })
    .registerBare("garbage-wf", true, async () => "not a durable result")
    .registerBare("pending-wf", true, async () => ({ Status: "PENDING" }));
  service = await startLambdaService({ port: 0, functions: runtime, timeScale: 0.2 });
  runtime.connect(service.endpoint);
  client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
});

afterAll(async () => {
  await service.close();
  runtime.close();
  client.destroy();
});

describe("Invoke", () => {
  test("a durable RequestResponse invoke waits for the execution and returns its result", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "echo-wf:live", Payload: JSON.stringify({ hello: "world" }) }));
    expect(out.StatusCode).toBe(200);
    expect(out.FunctionError).toBeUndefined();
    expect(JSON.parse(decode(out.Payload))).toEqual({ hello: "world" });
    expect(out.DurableExecutionArn).toMatch(/^arn:aws:lambda:us-east-2:000000000000:function:echo-wf:\$LATEST\/durable-execution\/[^/]+\/[^/]+$/);
  });

  test("the qualifier may come from ?Qualifier= or a full function ARN", async () => {
    const viaQuery = await client.send(new InvokeCommand({ FunctionName: "echo-wf", Qualifier: "live", Payload: "{}" }));
    expect(viaQuery.FunctionError).toBeUndefined();
    const viaArn = await client.send(new InvokeCommand({ FunctionName: "arn:aws:lambda:us-east-2:000000000000:function:echo-wf:live", Payload: "{}" }));
    expect(viaArn.FunctionError).toBeUndefined();
  });

  test("a failing durable execution answers a RequestResponse invoke with an Unhandled function error", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "failing-wf:live", Payload: "{}" }));
    expect(out.FunctionError).toBe("Unhandled");
    expect(JSON.parse(decode(out.Payload))).toMatchObject({ errorType: "TypeError", errorMessage: "bad order" });
  });

  test("an unqualified durable invoke is rejected with InvalidParameterValueException", async () => {
    await expect(client.send(new InvokeCommand({ FunctionName: "echo-wf", Payload: "{}" }))).rejects.toBeInstanceOf(InvalidParameterValueException);
  });

  test("an unknown function is a ResourceNotFoundException", async () => {
    await expect(client.send(new InvokeCommand({ FunctionName: "nope:live", Payload: "{}" }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("the same execution name with the same payload returns the existing execution", async () => {
    const first = await startAsync("approval-wf:live", { orderId: "o-1" }, "order-o-1");
    const second = await startAsync("approval-wf:live", { orderId: "o-1" }, "order-o-1");
    expect(second).toBe(first);
    expect(first).toContain("/durable-execution/order-o-1/");
  });

  test("the same execution name with another payload is DurableExecutionAlreadyStartedException", async () => {
    await startAsync("approval-wf:live", { orderId: "o-2" }, "order-o-2");
    const error = await client.send(new InvokeCommand({
      FunctionName: "approval-wf:live", InvocationType: "Event", DurableExecutionName: "order-o-2", Payload: JSON.stringify({ orderId: "other" }),
    })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DurableExecutionAlreadyStartedException);
    expect((error as DurableExecutionAlreadyStartedException).$metadata.httpStatusCode).toBe(409);
  });

  test("a non-durable function runs its handler and returns its payload or its error", async () => {
    const ok = await client.send(new InvokeCommand({ FunctionName: "plain-fn", Payload: JSON.stringify({ x: 1 }) }));
    expect(JSON.parse(decode(ok.Payload))).toEqual({ y: 2 });
    expect(ok.DurableExecutionArn).toBeUndefined();
    const failed = await client.send(new InvokeCommand({ FunctionName: "throwing-fn", Payload: "{}" }));
    expect(failed.FunctionError).toBe("Unhandled");
    expect(JSON.parse(decode(failed.Payload))).toMatchObject({ errorType: "RangeError", errorMessage: "out of range" });
  });
});

describe("callbacks", () => {
  test("a callback succeeds once; answering it again is CallbackTimeoutException", async () => {
    const arn = await startAsync("approval-wf:live", { orderId: "o-3" });
    const callbackId = await callbackIdOf(arn);
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from(JSON.stringify({ approved: true })) }));
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result ?? "null")).toEqual({ orderId: "o-3", decision: { approved: true } });
    await expect(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from("{}") })))
      .rejects.toBeInstanceOf(CallbackTimeoutException);
  });

  test("a callback failure fails the waiting operation", async () => {
    const arn = await startAsync("approval-wf:live", { orderId: "o-4" });
    const callbackId = await callbackIdOf(arn);
    await client.send(new SendDurableExecutionCallbackFailureCommand({ CallbackId: callbackId, Error: { ErrorType: "Rejected", ErrorMessage: "no budget" } }));
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("FAILED");
    expect(done.error?.ErrorMessage).toBe("no budget");
  });

  test("an unknown callback id is ResourceNotFoundException", async () => {
    await expect(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: "does-not-exist", Result: Buffer.from("{}") })))
      .rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: "does-not-exist" })))
      .rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("heartbeats keep a callback alive past its heartbeat timeout", async () => {
    // heartbeatTimeout 1 s at timeScale 0.2 = 200 ms; heartbeats every 50 ms for 600 ms keep it open.
    const arn = await startAsync("heartbeat-wf:live", {});
    const callbackId = await callbackIdOf(arn);
    for (let i = 0; i < 12; i++) {
      await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
      await sleep(50);
    }
    expect(service.getExecution(arn)?.status).toBe("RUNNING");
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('"fine"') }));
    // The callback result is a raw string; the handler returns it, so the execution result is its JSON encoding.
    expect(JSON.parse((await service.waitForExecution(arn)).result ?? "null")).toBe('"fine"');
  });

  test("without heartbeats the callback times out and is then closed", async () => {
    const arn = await startAsync("heartbeat-wf:live", {});
    const callbackId = await callbackIdOf(arn);
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("FAILED");
    expect(done.error?.ErrorType).toBe("CallbackTimeoutError");
    await expect(client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId })))
      .rejects.toBeInstanceOf(CallbackTimeoutException);
  });
});

describe("execution engine", () => {
  test("a wait that ends mid-invocation is seen by the SDK's empty-update polling, without a re-invocation", async () => {
    const arn = await startAsync("polling-wf:live", {});
    expect((await service.waitForExecution(arn)).result).toBe('"both"');
    expect(runtime.invocations.get("polling-wf")).toBe(1);
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    const types = history.Events?.map((e) => e.EventType) ?? [];
    expect(types.indexOf("WaitSucceeded")).toBeLessThan(types.indexOf("StepSucceeded"));
  });

  test("a handler that returns garbage is re-invoked a few times, then the execution fails", async () => {
    const arn = await startAsync("garbage-wf:live", {});
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("FAILED");
    expect(done.error?.ErrorType).toBe("InvalidDurableResponse");
    expect(runtime.invocations.get("garbage-wf")).toBe(3);
  });

  test("PENDING with nothing pending fails the execution", async () => {
    const arn = await startAsync("pending-wf:live", {});
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("FAILED");
    expect(done.error?.ErrorMessage).toMatch(/no pending operations/);
  });

  test("an execution that outlives its ExecutionTimeout ends TIMED_OUT", async () => {
    const arn = await startAsync("slow-wf:live", {});
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe("TIMED_OUT");
    const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    expect(history.Events?.at(-1)?.EventType).toBe("ExecutionTimedOut");
  });

  test("a checkpoint with a token of another invocation is rejected", async () => {
    const arn = await startAsync("approval-wf:live", { orderId: "o-5" });
    await callbackIdOf(arn);
    const stale = Buffer.from(JSON.stringify({ e: "someone-else", i: 1 })).toString("base64url");
    await expect(client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: stale, Updates: [] })))
      .rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn: arn, CheckpointToken: stale })))
      .rejects.toBeInstanceOf(InvalidParameterValueException);
  });
});

describe("the HTTP surface", () => {
  test("the execution ARN is one percent-encoded path segment; an unencoded ARN is understood too", async () => {
    const arn = await startAsync("echo-wf:live", {}, "raw-path");
    await service.waitForExecution(arn);
    const encoded = await fetch(`${service.endpoint}/2025-12-01/durable-executions/${encodeURIComponent(arn)}`);
    expect((await encoded.json()) as unknown).toMatchObject({ DurableExecutionArn: arn, Status: "SUCCEEDED" });
    const unencoded = await fetch(`${service.endpoint}/2025-12-01/durable-executions/${arn.replace("$", "%24")}/history`);
    expect(unencoded.status).toBe(200);
  });

  test("errors carry x-amzn-ErrorType and Lambda's JSON body", async () => {
    const response = await fetch(`${service.endpoint}/2025-12-01/durable-execution-callbacks/nope/succeed`, { method: "POST", body: "{}" });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-amzn-errortype")).toBe("ResourceNotFoundException");
    expect((await response.json()) as unknown).toMatchObject({ Type: "User", message: expect.stringContaining("nope") });
  });

  test("requests are counted by API operation, failed ones and the SDK's checkpoints included", async () => {
    const before = service.requestCounts();
    const delta = (after: Record<string, number>, operation: string) => (after[operation] ?? 0) - (before[operation] ?? 0);
    // echo-wf runs one step: the SDK checkpoints its START and its SUCCEED, in one call or two.
    await client.send(new InvokeCommand({ FunctionName: "echo-wf:live", Payload: "{}" }));
    await fetch(`${service.endpoint}/2025-12-01/durable-execution-callbacks/nope/succeed`, { method: "POST", body: "{}" });
    await fetch(`${service.endpoint}/2025-12-01/no-such-route`);
    const after = service.requestCounts();
    expect(delta(after, "Invoke")).toBe(1);
    expect(delta(after, "SendDurableExecutionCallbackSuccess")).toBe(1);
    expect([1, 2]).toContain(delta(after, "CheckpointDurableExecution"));
    // A path that names no operation is not an operation.
    expect(Object.keys(after).every((operation) => /^[A-Z][A-Za-z]+$/.test(operation))).toBe(true);
  });
});

describe("execution APIs", () => {
  test("GetDurableExecution describes an execution; an unknown ARN is ResourceNotFoundException", async () => {
    const arn = await startAsync("echo-wf:live", { n: 1 }, "describe-me");
    await service.waitForExecution(arn);
    const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(described).toMatchObject({
      DurableExecutionArn: arn,
      DurableExecutionName: "describe-me",
      FunctionArn: "arn:aws:lambda:us-east-2:000000000000:function:echo-wf:$LATEST",
      Status: "SUCCEEDED",
      InputPayload: '{"n":1}',
      Result: '{"n":1}',
    });
    expect(described.StartTimestamp).toBeInstanceOf(Date);
    expect(described.EndTimestamp).toBeInstanceOf(Date);
    await expect(client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn.replace(/[^/]+$/, "unknown") })))
      .rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  test("StopDurableExecution stops a running execution once", async () => {
    const arn = await startAsync("approval-wf:live", { orderId: "o-6" });
    const callbackId = await callbackIdOf(arn);
    const stopped = await client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn, Error: { ErrorType: "Cancelled", ErrorMessage: "customer cancelled" } }));
    expect(stopped.StopTimestamp).toBeInstanceOf(Date);
    const described = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }));
    expect(described.Status).toBe("STOPPED");
    expect(described.Error).toMatchObject({ ErrorType: "Cancelled" });
    await expect(client.send(new StopDurableExecutionCommand({ DurableExecutionArn: arn }))).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from("{}") })))
      .rejects.toBeInstanceOf(CallbackTimeoutException);
  });

  test("ListDurableExecutionsByFunction filters and pages", async () => {
    const arns = [];
    for (const n of [1, 2, 3]) arns.push(await startAsync("echo-wf:live", { n }, `list-${n}`));
    await Promise.all(arns.map((arn) => service.waitForExecution(arn)));
    const all = [];
    let marker: string | undefined;
    do {
      const pageOut = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "echo-wf", Statuses: ["SUCCEEDED"], MaxItems: 2, Marker: marker }));
      expect((pageOut.DurableExecutions ?? []).length).toBeLessThanOrEqual(2);
      all.push(...(pageOut.DurableExecutions ?? []));
      marker = pageOut.NextMarker;
    } while (marker);
    expect(all.map((e) => e.DurableExecutionArn)).toEqual(expect.arrayContaining(arns));
    expect(all.every((e) => e.Status === "SUCCEEDED")).toBe(true);
    const byName = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "echo-wf", DurableExecutionName: "list-2" }));
    expect(byName.DurableExecutions?.map((e) => e.DurableExecutionArn)).toEqual([arns[1]]);
    const running = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: "echo-wf", Statuses: ["RUNNING"] }));
    expect(running.DurableExecutions).toEqual([]);
  });

  test("GetDurableExecutionHistory pages through AWS-shaped events, forwards or in reverse", async () => {
    const arn = await startAsync("approval-wf:live", { orderId: "o-7" });
    const callbackId = await callbackIdOf(arn);
    await client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"approved":false}') }));
    await service.waitForExecution(arn);
    const events = [];
    let marker: string | undefined;
    do {
      const pageOut = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, MaxItems: 3, Marker: marker, IncludeExecutionData: true }));
      events.push(...(pageOut.Events ?? []));
      marker = pageOut.NextMarker;
    } while (marker);
    expect(events.map((e) => e.EventId)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]).toMatchObject({ EventType: "ExecutionStarted", ExecutionStartedDetails: { Input: { Payload: '{"orderId":"o-7"}' } } });
    expect(events.at(-1)).toMatchObject({ EventType: "ExecutionSucceeded" });
    const started = events.find((e) => e.EventType === "CallbackStarted");
    expect(started).toMatchObject({ SubType: "Callback", CallbackStartedDetails: { CallbackId: callbackId, Timeout: 86400 } });
    expect(started?.ParentId).toBe(events.find((e) => e.EventType === "ContextStarted")?.Id);
    expect(events.find((e) => e.EventType === "CallbackSucceeded")).toMatchObject({ CallbackSucceededDetails: { Result: { Payload: '{"approved":false}' } } });
    expect(events.every((e) => e.EventTimestamp instanceof Date)).toBe(true);
    const reversed = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, ReverseOrder: true, MaxItems: 1 }));
    expect(reversed.Events?.[0]?.EventType).toBe("ExecutionSucceeded");
    const withoutData = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn, IncludeExecutionData: false }));
    expect(withoutData.Events?.[0]?.ExecutionStartedDetails?.Input?.Payload).toBeUndefined();
  });
});
