import { GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type LambdaService, startLambdaService } from "../../../src/local/lambda-service";
import { InProcessRuntime } from "./support/in-process-runtime";
import { waitUntil } from "./support/wait-until";

const run = promisify(execFile);

/** Runs the AWS CLI (v1 on these machines) against the local endpoint with dummy credentials. */
async function aws(endpoint: string, args: string[]): Promise<string> {
  const { stdout } = await run("aws", ["lambda", ...args, "--endpoint-url", endpoint, "--region", "us-east-2", "--output", "json"], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_PAGER: "" },
    timeout: 30_000,
  });
  return stdout;
}

describe("the AWS CLI against the local Lambda service", () => {
  let service: LambdaService;
  let runtime: InProcessRuntime;
  let client: LambdaClient;

  beforeAll(async () => {
    runtime = new InProcessRuntime().registerDurable("approval-wf", async (_event: unknown, ctx: DurableContext) => {
      const raw = await ctx.waitForCallback("await-approval", async () => undefined, { timeout: { hours: 24 } });
      return JSON.parse(raw);
    });
    service = await startLambdaService({ port: 0, functions: runtime, timeScale: 0.001 });
    runtime.connect(service.endpoint);
    client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  });

  afterAll(async () => {
    await service.close();
    runtime.close();
    client.destroy();
  });

  test("get-durable-execution and send-durable-execution-callback-success work as documented", async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: "approval-wf:live", InvocationType: "Event", DurableExecutionName: "cli-order", Payload: "{}" }));
    const arn = out.DurableExecutionArn as string;
    const callbackId = await waitUntil("the callback to start", async () => {
      const history = await client.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: arn }));
      return history.Events?.find((e) => e.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    });

    const running = JSON.parse(await aws(service.endpoint, ["get-durable-execution", "--durable-execution-arn", arn]));
    expect(running).toMatchObject({ DurableExecutionArn: arn, DurableExecutionName: "cli-order", Status: "RUNNING" });

    const send = ["send-durable-execution-callback-success", "--callback-id", callbackId, "--result", '{"approved":true}'];
    // CLI v2 needs --cli-binary-format raw-in-base64-out for a raw --result; CLI v1 (installed here) sends blobs raw and rejects the flag.
    await aws(service.endpoint, [...send, "--cli-binary-format", "raw-in-base64-out"]).catch((error: Error) => {
      if (!/Unknown options: --cli-binary-format/.test(error.message)) throw error;
      return aws(service.endpoint, send);
    });
    await service.waitForExecution(arn);
    const finished = JSON.parse(await aws(service.endpoint, ["get-durable-execution", "--durable-execution-arn", arn]));
    expect(finished).toMatchObject({ Status: "SUCCEEDED", Result: '{"approved":true}' });
  });
});
