import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { parseTimeScale, startLambdaService } from "../../../src/local/lambda-service";
import { InProcessRuntime } from "./support/in-process-runtime";

describe("time scale", () => {
  test("DURABLE_EXECUTIONS_TIME_SCALE parses to a non-negative number, defaulting to real time", () => {
    expect(parseTimeScale(undefined)).toBe(1);
    expect(parseTimeScale("")).toBe(1);
    expect(parseTimeScale("0.01")).toBe(0.01);
    expect(parseTimeScale("0")).toBe(0);
    expect(() => parseTimeScale("fast")).toThrow(/DURABLE_EXECUTIONS_TIME_SCALE/);
    expect(() => parseTimeScale("-1")).toThrow(/>= 0/);
  });

  test("timeScale 0 makes day-long waits, retries and polling delays immediate", async () => {
    const runtime = new InProcessRuntime().registerDurable("long-wf", async (_event: unknown, ctx: DurableContext) => {
      await ctx.wait("a-day", { days: 1 });
      const polled = await ctx.waitForCondition("poll", async (n: number) => n + 1, {
        initialState: 0,
        waitStrategy: (n) => (n >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { hours: 6 } }),
      });
      return polled;
    });
    const service = await startLambdaService({ port: 0, functions: runtime, timeScale: 0 });
    runtime.connect(service.endpoint);
    const client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
    try {
      const out = await client.send(new InvokeCommand({ FunctionName: "long-wf:live", Payload: "{}" }));
      expect(Buffer.from(out.Payload ?? []).toString()).toBe("2");
    } finally {
      await service.close();
      runtime.close();
      client.destroy();
    }
  });

  test("a port that is taken gives a clear error", async () => {
    const runtime = new InProcessRuntime();
    const first = await startLambdaService({ port: 0, functions: runtime });
    try {
      await expect(startLambdaService({ port: first.port, functions: runtime })).rejects.toThrow(/already in use/);
    } finally {
      await first.close();
    }
  });
});
