import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { GetDurableExecutionHistoryCommand, InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { explainCliError, runCli } from "../../src/local/cli";
import type { CliIo } from "../../src/local/cli/io";
import { startLocalStack, type LocalStack } from "../../src/local/stack";
import { FIXTURE_TEMPLATE_PATH } from "./fixtures/fixture-template";

let stack: LocalStack;
let lambda: LambdaClient;

beforeAll(async () => {
  stack = await startLocalStack({
    templatePath: FIXTURE_TEMPLATE_PATH,
    inMemory: true,
    apiPort: 0,
    lambdaPort: 0,
    dynamodbPort: 0,
    timeScale: 0.01,
    functionLog: () => undefined,
  });
  lambda = new LambdaClient({ endpoint: stack.lambdaEndpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
}, 60_000);

afterAll(async () => {
  lambda?.destroy();
  await stack?.close();
});

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (text) => stdout.push(text), err: (text) => stderr.push(text) };
}

async function cli(...argv: string[]) {
  const io = captureIo();
  const code = await runCli([...argv, "--template", FIXTURE_TEMPLATE_PATH, "--lambda-port", String(stack.ports.lambda), "--dynamodb-port", String(stack.ports.dynamodb)], io);
  return { code, stdout: io.stdout.join("\n"), stderr: io.stderr.join("\n") };
}

/** Starts ApprovalFlowFunction under `name` and returns the id of the callback it then waits for. */
async function startApproval(name: string): Promise<string> {
  const started = await lambda.send(new InvokeCommand({ FunctionName: "ApprovalFlowFunction:live", InvocationType: "Event", DurableExecutionName: name, Payload: new TextEncoder().encode("{}") }));
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Events } = await lambda.send(new GetDurableExecutionHistoryCommand({ DurableExecutionArn: started.DurableExecutionArn! }));
    const callbackId = Events?.find((event) => event.EventType === "CallbackStarted")?.CallbackStartedDetails?.CallbackId;
    if (callbackId) return callbackId;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`execution ${name} never started its callback`);
}

async function statusOf(name: string): Promise<string | undefined> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { stdout } = await cli("execution", "get", name, "--format", "json");
    const status = (JSON.parse(stdout) as { Status?: string }).Status;
    if (status !== "RUNNING") return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return "RUNNING";
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("invoke", () => {
  test("runs a durable function to its end through the running stack and prints its result and history", async () => {
    const { code, stdout } = await cli("invoke", "QuickFlowFunction", "-e", `${__dirname}/fixtures/event-21.json`);
    expect(code).toBe(0);
    expect(stdout).toContain("Status: SUCCEEDED");
    expect(stdout).toContain('"doubled": 42');
    expect(stdout).toMatch(/OPERATION\s+TYPE\s+STATUS\s+START\s+DURATION/);
    expect(stdout).toMatch(/double\s+Step\s+SUCCEEDED/);
    expect(stdout).toMatch(/pause\s+Wait\s+SUCCEEDED/);
  });

  test("starts a stack of its own in this process when nothing listens on the Lambda port", async () => {
    const io = captureIo();
    const port = await freePort();
    const code = await runCli(["invoke", "QuickFlowFunction", "--template", FIXTURE_TEMPLATE_PATH, "--lambda-port", String(port), "--time-scale", "0.01"], io);
    expect(code).toBe(0);
    expect(io.stderr.join("\n")).toContain(`No local stack on 127.0.0.1:${port}; started one in this process`);
    expect(io.stdout.join("\n")).toContain('"doubled": 2');
  });

  test("runs a plain function once and prints what it returned, or its error with exit code 1", async () => {
    const doubled = await cli("invoke", "CallbackFunction", "-e", `${__dirname}/fixtures/event-21.json`);
    expect(doubled).toMatchObject({ code: 0, stdout: expect.stringContaining('"doubled": 42') });
    const failed = await cli("invoke", "FailingFunction");
    expect(failed).toMatchObject({ code: 1, stdout: expect.stringContaining("PaymentDeclinedError") });
  });
});

describe("callback and execution", () => {
  test("callback succeed answers a waiting callback, and execution get and history find the execution by its name", async () => {
    const callbackId = await startApproval("cli-succeed");

    expect((await cli("callback", "succeed", callbackId, "--result", "yes")).code).toBe(0);

    expect(await statusOf("cli-succeed")).toBe("SUCCEEDED");
    const get = await cli("execution", "get", "cli-succeed");
    expect(get.stdout).toMatch(/Status\s+SUCCEEDED/);
    expect(get.stdout).toContain('"answer": "yes"');
    const history = await cli("execution", "history", "cli-succeed");
    expect(history.stdout).toMatch(/approval\s+Context\/WaitForCallback\s+SUCCEEDED/);
    expect(history.stdout).toContain(`callback id ${callbackId}`);
  });

  test("callback fail fails the waiting operation, and the execution with it", async () => {
    const callbackId = await startApproval("cli-fail");
    expect((await cli("callback", "fail", callbackId, "--error-message", "not today", "--error-type", "Rejected")).code).toBe(0);
    expect(await statusOf("cli-fail")).toBe("FAILED");
  });

  test("callback heartbeat is accepted for an open callback", async () => {
    const callbackId = await startApproval("cli-heartbeat");
    const { code, stdout } = await cli("callback", "heartbeat", callbackId);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `Heartbeat sent for callback ${callbackId}.` });
    await cli("execution", "stop", "cli-heartbeat");
  });

  test("execution stop stops a running execution", async () => {
    await startApproval("cli-stop");
    expect((await cli("execution", "stop", "cli-stop", "--error-message", "changed my mind")).code).toBe(0);
    expect(await statusOf("cli-stop")).toBe("STOPPED");
  });

  test("execution list shows the executions of the template's durable functions", async () => {
    const { code, stdout } = await cli("execution", "list");
    expect(code).toBe(0);
    expect(stdout).toMatch(/cli-succeed\s+SUCCEEDED/);
    expect(stdout).toMatch(/cli-stop\s+STOPPED/);
  });

  test("an unknown callback id or execution is reported by AWS's error name, in one line", async () => {
    const unknownCallback = await cli("callback", "succeed", "no-such-callback").catch((error: unknown) => explainCliError(error, stack.lambdaEndpoint));
    expect(unknownCallback).toMatch(/^ResourceNotFoundException: /);
    const unknownExecution = await cli("execution", "get", "no-such-order").catch((error: unknown) => explainCliError(error, stack.lambdaEndpoint));
    expect(unknownExecution).toMatch(/^no durable execution found for "no-such-order"/);
  });

  test("a stack that is not running is reported as such, with the flag to point elsewhere", async () => {
    const port = await freePort();
    const failure = await runCli(["callback", "succeed", "x", "--lambda-port", String(port)], captureIo()).catch((error: unknown) =>
      explainCliError(error, `http://127.0.0.1:${port}`),
    );
    expect(failure).toBe(`no Lambda service at http://127.0.0.1:${port}. Start the stack with \`npm run dev\`, or point at it with --lambda-port <port>.`);
  });
});
