import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  InvalidParameterValueException,
  InvokeCommand,
  LambdaClient,
  type Operation,
} from "@aws-sdk/client-lambda";
import { type LambdaService, startLambdaService } from "../../../src/local/lambda-service";
import { InProcessRuntime } from "./support/in-process-runtime";

/** The wire protocol of §4 driven by hand, one invocation at a time, as the SDK would. */
interface InvocationEvent {
  DurableExecutionArn: string;
  CheckpointToken: string;
  UpdatedOperationIds?: string[];
  InitialExecutionState: { Operations: Array<Record<string, unknown>>; NextMarker?: string };
}

let service: LambdaService;
let runtime: InProcessRuntime;
let client: LambdaClient;
const seen: InvocationEvent[] = [];
const observations: Record<string, unknown> = {};

async function firstInvocation(event: InvocationEvent) {
  const { DurableExecutionArn, CheckpointToken } = event;
  const callback = await client.send(new CheckpointDurableExecutionCommand({
    DurableExecutionArn, CheckpointToken,
    Updates: [{ Id: "cb-1", Type: "CALLBACK", Action: "START", Name: "approval", SubType: "Callback", CallbackOptions: { TimeoutSeconds: 3600 } }],
  }));
  observations.callbackOperation = callback.NewExecutionState?.Operations?.find((op) => op.Id === "cb-1");
  const before = Date.now();
  const retry = await client.send(new CheckpointDurableExecutionCommand({
    DurableExecutionArn, CheckpointToken: callback.CheckpointToken,
    Updates: [{ Id: "step-1", Type: "STEP", Action: "RETRY", Name: "charge", SubType: "Step", Error: { ErrorType: "Transient", ErrorMessage: "try again" }, StepOptions: { NextAttemptDelaySeconds: 5 } }],
  }));
  const step = retry.NewExecutionState?.Operations?.find((op) => op.Id === "step-1") as Operation;
  observations.retriedStep = step;
  observations.retryDelayMs = (step.StepDetails?.NextAttemptTimestamp?.getTime() ?? 0) - before;
  observations.invalidAction = await client.send(new CheckpointDurableExecutionCommand({
    DurableExecutionArn, CheckpointToken: retry.CheckpointToken,
    Updates: [{ Id: "wait-1", Type: "WAIT", Action: "SUCCEED" }],
  })).catch((error: unknown) => error);
  observations.unknownParent = await client.send(new CheckpointDurableExecutionCommand({
    DurableExecutionArn, CheckpointToken: retry.CheckpointToken,
    Updates: [{ Id: "child-1", ParentId: "no-such-context", Type: "STEP", Action: "START" }],
  })).catch((error: unknown) => error);
  const ids: string[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new GetDurableExecutionStateCommand({ DurableExecutionArn, CheckpointToken: retry.CheckpointToken, MaxItems: 1, Marker: marker }));
    ids.push(...(page.Operations ?? []).map((op) => op.Id as string));
    marker = page.NextMarker;
  } while (marker);
  observations.pagedIds = ids;
  return { Status: "PENDING" };
}

async function secondInvocation(event: InvocationEvent) {
  observations.secondEventStep = event.InitialExecutionState.Operations.find((op) => op.Id === "step-1");
  observations.updatedIds = event.UpdatedOperationIds;
  await client.send(new CheckpointDurableExecutionCommand({
    DurableExecutionArn: event.DurableExecutionArn, CheckpointToken: event.CheckpointToken,
    Updates: [{ Id: "step-1", Type: "STEP", Action: "SUCCEED", Payload: '"charged"' }],
  }));
  return { Status: "SUCCEEDED", Result: '"done"' };
}

beforeAll(async () => {
  runtime = new InProcessRuntime().registerBare("by-hand", true, async (raw) => {
    const event = raw as InvocationEvent;
    seen.push(event);
    return seen.length === 1 ? firstInvocation(event) : secondInvocation(event);
  });
  service = await startLambdaService({ port: 0, functions: runtime, timeScale: 0.01 });
  runtime.connect(service.endpoint);
  client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
});

afterAll(async () => {
  await service.close();
  runtime.close();
  client.destroy();
});

test("the service follows the wire protocol an SDK relies on", async () => {
  const out = await client.send(new InvokeCommand({ FunctionName: "by-hand:1", Payload: JSON.stringify({ orderId: "p-1" }) }));
  expect(Buffer.from(out.Payload ?? []).toString()).toBe('"done"');
  expect(seen).toHaveLength(2);

  // The first operation is the EXECUTION, carrying the input; timestamps in the event are ISO strings.
  const first = seen[0]?.InitialExecutionState.Operations[0];
  expect(first).toMatchObject({ Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: '{"orderId":"p-1"}' } });
  expect(typeof first?.StartTimestamp).toBe("string");

  // CALLBACK START: the service creates the CallbackId and returns it in the checkpoint response.
  expect(observations.callbackOperation).toMatchObject({ Type: "CALLBACK", Status: "STARTED", CallbackDetails: { CallbackId: expect.any(String) } });

  // STEP RETRY: PENDING, attempt counted, next attempt scaled by timeScale (5 s × 0.01 = 50 ms).
  expect(observations.retriedStep).toMatchObject({ Status: "PENDING", StepDetails: { Attempt: 1, Error: { ErrorType: "Transient" } } });
  expect(observations.retryDelayMs).toBeGreaterThanOrEqual(40);
  expect(observations.retryDelayMs).toBeLessThan(1000);

  // Invalid updates are rejected as a whole with AWS's exception.
  expect(observations.invalidAction).toBeInstanceOf(InvalidParameterValueException);
  expect(observations.unknownParent).toBeInstanceOf(InvalidParameterValueException);

  // GetDurableExecutionState pages with Marker/MaxItems.
  expect(observations.pagedIds).toEqual([first?.Id, "cb-1", "step-1"]);

  // When the retry is due the step is READY and the handler is re-invoked, told which operation changed.
  expect(observations.secondEventStep).toMatchObject({ Status: "READY" });
  expect(observations.updatedIds).toEqual(["step-1"]);
  expect(seen[1]?.CheckpointToken).not.toBe(seen[0]?.CheckpointToken);
});

test("a token from an earlier invocation can no longer checkpoint", async () => {
  const arn = seen[0]?.DurableExecutionArn as string;
  await expect(client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: arn, CheckpointToken: seen[0]?.CheckpointToken, Updates: [] })))
    .rejects.toThrow(/Invalid Checkpoint Token/);
});
