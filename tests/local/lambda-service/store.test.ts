import { appendFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExecutionStore } from "../../../src/local/lambda-service/store";
import type { ExecutionRecord } from "../../../src/local/lambda-service/types";

function newRecord(id: string): ExecutionRecord {
  return {
    executionId: id,
    executionArn: `arn:aws:lambda:us-east-2:000000000000:function:fn:$LATEST/durable-execution/name-${id}/${id}`,
    executionName: `name-${id}`,
    functionName: "fn",
    version: "$LATEST",
    functionArn: "arn:aws:lambda:us-east-2:000000000000:function:fn:$LATEST",
    status: "RUNNING",
    startTimestamp: 1_700_000_000_000,
    inputPayload: "{}",
    operations: [{ Id: "exec", Type: "EXECUTION", Status: "STARTED", StartTimestamp: 1_700_000_000_000, ExecutionDetails: { InputPayload: "{}" } }],
    history: [{ EventType: "ExecutionStarted", EventId: 1, EventTimestamp: 1_700_000_000_000, ExecutionStartedDetails: {} }],
    nextEventId: 2,
    invocationSeq: 0,
    failedInvocations: 0,
    callbacks: {},
    invokes: {},
    undelivered: [],
    wantsInvocation: true,
  };
}

describe("ExecutionStore", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "store-"));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test("a store opened on the same dataDir sees every saved change, in order", async () => {
    const store = new ExecutionStore(dataDir);
    const record = newRecord("e1");
    store.add(record);
    await store.save(record);
    store.addOperation(record, { Id: "s1", Type: "STEP", Status: "STARTED", StartTimestamp: 1 });
    record.history.push({ EventType: "StepStarted", EventId: 2, EventTimestamp: 2, StepStartedDetails: {} });
    await store.save(record);
    const step = store.operation(record, "s1");
    if (step) step.Status = "SUCCEEDED";
    store.operationChanged(record, "s1");
    record.invocationSeq = 3;
    record.history.push({ EventType: "StepSucceeded", EventId: 3, EventTimestamp: 3, StepSucceededDetails: {} });
    await store.save(record);

    const reopened = new ExecutionStore(dataDir);
    expect(reopened.get("e1")).toEqual(record);
    expect(reopened.getByName("fn", "name-e1")?.executionId).toBe("e1");
  });

  test("a line torn by a crash is ignored: the last acknowledged state loads", async () => {
    const store = new ExecutionStore(dataDir);
    const record = newRecord("e2");
    store.add(record);
    await store.save(record);
    const acknowledged = structuredClone(record);
    const file = join(dataDir, "durable-executions", readdirSync(join(dataDir, "durable-executions"))[0] ?? "");
    appendFileSync(file, '{"meta":{"executionId":"e2","status":"SUCC');

    const reopened = new ExecutionStore(dataDir);
    expect(reopened.get("e2")).toEqual(acknowledged);

    // Later saves are not lost behind the torn line.
    const resumed = reopened.get("e2") as ExecutionRecord;
    resumed.invocationSeq = 7;
    await reopened.save(resumed);
    expect(new ExecutionStore(dataDir).get("e2")?.invocationSeq).toBe(7);
  });

  test("without a dataDir nothing touches the disk", async () => {
    const store = new ExecutionStore();
    const record = newRecord("e3");
    store.add(record);
    await store.save(record);
    expect(store.get("e3")).toBe(record);
  });
});
