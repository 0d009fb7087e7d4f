import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  InvokeCommand,
  LambdaClient,
  SendDurableExecutionCallbackSuccessCommand,
} from "@aws-sdk/client-lambda";
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LambdaService, startLambdaService } from "../../../src/local/lambda-service";
import { InProcessRuntime } from "./support/in-process-runtime";
import { waitUntil } from "./support/wait-until";

/** Counts how often each step body really ran, across service restarts (the module outlives the services). */
const stepRuns = new Map<string, number>();
const countRun = (name: string) => stepRuns.set(name, (stepRuns.get(name) ?? 0) + 1);

function buildRuntime(): InProcessRuntime {
  return new InProcessRuntime()
    .registerDurable("order-wf", async (event: { orderId: string }, ctx: DurableContext) => {
      await ctx.step("capture-payment", async () => countRun(`${event.orderId}:capture-payment`));
      const raw = await ctx.waitForCallback("await-approval", async () => undefined, { timeout: { hours: 24 } });
      await ctx.step("ship-order", async () => countRun(`${event.orderId}:ship-order`));
      return { orderId: event.orderId, approval: JSON.parse(raw) };
    })
    .registerDurable("warehouse-wf", async (event: { orderId: string }, ctx: DurableContext) => {
      await ctx.step("reserve-inventory", async () => countRun(`${event.orderId}:reserve-inventory`));
      await ctx.wait("warehouse-processing", { seconds: 300 });
      await ctx.step("pick-items", async () => countRun(`${event.orderId}:pick-items`));
      return "picked";
    });
}

describe("crash safety with a dataDir", () => {
  let dataDir: string;
  const open: Array<{ service: LambdaService; runtime: InProcessRuntime; client: LambdaClient }> = [];

  async function boot(timeScale: number) {
    const runtime = buildRuntime();
    const service = await startLambdaService({ port: 0, functions: runtime, dataDir, timeScale });
    runtime.connect(service.endpoint);
    const client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
    const node = { service, runtime, client };
    open.push(node);
    return node;
  }

  async function crash(node: { service: LambdaService; runtime: InProcessRuntime; client: LambdaClient }) {
    await node.service.close();
    node.runtime.close();
    node.client.destroy();
  }

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "lambda-service-"));
  });

  afterEach(async () => {
    for (const node of open.splice(0)) await crash(node).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("a callback sent after a restart is accepted and completed steps do not run again", async () => {
    const first = await boot(0.001);
    const out = await first.client.send(new InvokeCommand({
      FunctionName: "order-wf:live", InvocationType: "Event", DurableExecutionName: "order-crash-1", Payload: JSON.stringify({ orderId: "c1" }),
    }));
    const arn = out.DurableExecutionArn as string;
    const callbackId = await waitUntil("the approval callback to start", async () => {
      const history = await first.client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    });
    expect(readdirSync(join(dataDir, "durable-executions")).filter((f) => f.endsWith(".jsonl"))).toHaveLength(1);
    await crash(first);

    const second = await boot(0.001);
    expect((await second.client.send(new GetDurableExecutionCommand({ DurableExecutionArn: arn }))).Status).toBe("RUNNING");
    await second.client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"approved":true}') }));
    const done = await second.service.waitForExecution(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(JSON.parse(done.result ?? "null")).toEqual({ orderId: "c1", approval: { approved: true } });
    expect(stepRuns.get("c1:capture-payment")).toBe(1);
    expect(stepRuns.get("c1:ship-order")).toBe(1);
  });

  test("a wait whose due time passed while the service was down fires after the restart", async () => {
    // 300 s at timeScale 0.001 is 300 ms: long enough to stop the service inside the wait.
    const first = await boot(0.001);
    const out = await first.client.send(new InvokeCommand({
      FunctionName: "warehouse-wf:live", InvocationType: "Event", Payload: JSON.stringify({ orderId: "c2" }),
    }));
    const arn = out.DurableExecutionArn as string;
    await waitUntil("the warehouse wait to start", async () => {
      const history = await first.client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.some((e) => e.EventType === "WaitStarted") || undefined;
    });
    await crash(first);
    await new Promise((resolve) => setTimeout(resolve, 350));

    const second = await boot(0.001);
    const done = await second.service.waitForExecution(arn);
    expect(done.status).toBe("SUCCEEDED");
    expect(stepRuns.get("c2:reserve-inventory")).toBe(1);
    expect(stepRuns.get("c2:pick-items")).toBe(1);
    const history = await second.client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
    expect(history.Events?.filter((e) => e.EventType === "WaitSucceeded")).toHaveLength(1);
  });

  test("an execution interrupted in the middle of an invocation is re-driven after the restart", async () => {
    const first = await boot(0.001);
    const out = await first.client.send(new InvokeCommand({
      FunctionName: "order-wf:live", InvocationType: "Event", DurableExecutionName: "order-crash-3", Payload: JSON.stringify({ orderId: "c3" }),
    }));
    const arn = out.DurableExecutionArn as string;
    // Stop as soon as the first step is checkpointed, while the handler is still running.
    await waitUntil("capture-payment to be checkpointed", async () => {
      const history = await first.client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.some((e) => e.EventType === "StepSucceeded") || undefined;
    });
    await crash(first);

    const second = await boot(0.001);
    const callbackId = await waitUntil("the approval callback to start after the restart", async () => {
      const history = await second.client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    });
    await second.client.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: Buffer.from('{"approved":true}') }));
    expect((await second.service.waitForExecution(arn)).status).toBe("SUCCEEDED");
    expect(stepRuns.get("c3:capture-payment")).toBe(1);
    expect(stepRuns.get("c3:ship-order")).toBe(1);
  });
});
