import type { Event } from "@aws-sdk/client-lambda";
import { buildTimeline } from "../../src/console/timeline";
import { displayPayload } from "../../src/console/payload";

const T0 = Date.parse("2026-11-22T10:00:00.000Z");
let eventId = 0;
function event(type: string, atMs: number, fields: Partial<Event> & Record<string, unknown> = {}): Event {
  return { EventType: type as Event["EventType"], EventId: ++eventId, EventTimestamp: new Date(T0 + atMs), ...fields } as Event;
}

/** A small order-like execution: a parallel of two invokes, a step retried once, a wait, a callback still open. */
function history(): Event[] {
  eventId = 0;
  return [
    event("ExecutionStarted", 0, { Id: "exec", Name: "order-1", ExecutionStartedDetails: { Input: { Payload: '{"orderId":"1"}' }, ExecutionTimeout: 60 } }),
    event("ContextStarted", 10, { Id: "p", Name: "prepare-order", SubType: "Parallel" }),
    event("ChainedInvokeStarted", 11, { Id: "p-1", ParentId: "p", Name: "check-inventory", ChainedInvokeStartedDetails: { FunctionName: "InventoryFunction" } }),
    event("ChainedInvokeStarted", 12, { Id: "p-2", ParentId: "p", Name: "authorize-payment", ChainedInvokeStartedDetails: { FunctionName: "PaymentFunction" } }),
    event("ChainedInvokeSucceeded", 40, { Id: "p-2", ParentId: "p", Name: "authorize-payment", ChainedInvokeSucceededDetails: { Result: { Payload: '{"ok":true}' } } }),
    event("ChainedInvokeSucceeded", 50, { Id: "p-1", ParentId: "p", Name: "check-inventory", ChainedInvokeSucceededDetails: { Result: { Payload: '{"ok":true}' } } }),
    event("ContextSucceeded", 51, { Id: "p", Name: "prepare-order", SubType: "Parallel", ContextSucceededDetails: { Result: { Payload: "{}" } } }),
    event("InvocationCompleted", 60, { InvocationCompletedDetails: { StartTimestamp: new Date(T0), EndTimestamp: new Date(T0 + 60), RequestId: "r1" } }),
    event("StepStarted", 100, { Id: "s", Name: "record-prepared" }),
    event("StepFailed", 110, { Id: "s", Name: "record-prepared", StepFailedDetails: { Error: { Payload: { ErrorType: "ThrottlingException", ErrorMessage: "slow down" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 } } }),
    event("StepStarted", 300, { Id: "s", Name: "record-prepared" }),
    event("StepSucceeded", 320, { Id: "s", Name: "record-prepared", StepSucceededDetails: { Result: { Payload: "null" }, RetryDetails: { CurrentAttempt: 2 } } }),
    event("WaitStarted", 330, { Id: "w", Name: "warehouse-processing", WaitStartedDetails: { Duration: 300, ScheduledEndTimestamp: new Date(T0 + 630) } }),
    event("WaitSucceeded", 630, { Id: "w", Name: "warehouse-processing", WaitSucceededDetails: { Duration: 300 } }),
    event("ContextStarted", 640, { Id: "a", Name: "await-approval", SubType: "WaitForCallback" }),
    event("CallbackStarted", 641, { Id: "a-1", ParentId: "a", CallbackStartedDetails: { CallbackId: "cb-123", Timeout: 86400 } }),
  ];
}

describe("the execution timeline", () => {
  it("puts parents before their children, parallel branches one level down in the order they started", () => {
    const timeline = buildTimeline(history());

    expect(timeline.operations.map((operation) => [operation.name, operation.depth])).toEqual([
      ["order-1", 0],
      ["prepare-order", 0],
      ["check-inventory", 1],
      ["authorize-payment", 1],
      ["record-prepared", 0],
      ["warehouse-processing", 0],
      ["await-approval", 0],
      ["(callback)", 1],
    ]);
    expect(timeline.startMs).toBe(T0);
    expect(timeline.endMs).toBeUndefined();
  });

  it("shows a retried step's attempts as separate spans, with the gap of its backoff between them", () => {
    const step = buildTimeline(history()).operations.find((operation) => operation.name === "record-prepared")!;

    expect(step).toMatchObject({ state: "SUCCEEDED", attempts: 2, startMs: T0 + 100, endMs: T0 + 320, summary: "2 attempts" });
    expect(step.spans).toEqual([
      { startMs: T0 + 100, endMs: T0 + 110, outcome: "failed" },
      { startMs: T0 + 300, endMs: T0 + 320, outcome: "succeeded" },
    ]);
  });

  it("marks a step waiting for its next attempt as PENDING, still open, naming the delay", () => {
    const events = history().slice(0, 10);
    const step = buildTimeline(events).operations.find((operation) => operation.name === "record-prepared")!;

    expect(step).toMatchObject({ state: "PENDING", summary: "attempt 1 failed (ThrottlingException: slow down), next in 2 s" });
    expect(step.endMs).toBeUndefined();
  });

  it("draws the execution's Lambda invocations, and says what each operation is waiting on or calling", () => {
    const timeline = buildTimeline(history());
    const byName = new Map(timeline.operations.map((operation) => [operation.name, operation]));

    expect(byName.get("order-1")).toMatchObject({ kind: "Execution", state: "RUNNING", spans: [{ startMs: T0, endMs: T0 + 60, outcome: "succeeded" }] });
    expect(byName.get("warehouse-processing")).toMatchObject({ kind: "Wait", state: "SUCCEEDED", summary: "wait 300 s", endMs: T0 + 630 });
    expect(byName.get("(callback)")).toMatchObject({ kind: "Callback", state: "STARTED", summary: "callback id cb-123" });
    expect(byName.get("check-inventory")).toMatchObject({ kind: "ChainedInvoke", summary: "→ InventoryFunction" });
    expect(byName.get("prepare-order")).toMatchObject({ kind: "Context", subType: "Parallel" });
  });

  it("ends with the execution, and an error becomes the operation's summary", () => {
    const events = [
      ...history(),
      event("CallbackFailed", 700, { Id: "a-1", ParentId: "a", CallbackFailedDetails: { Error: { Payload: { ErrorType: "CallbackError", ErrorMessage: "no" } } } }),
      event("ExecutionFailed", 710, { Id: "exec", Name: "order-1", ExecutionFailedDetails: { Error: { Payload: { ErrorType: "ApprovalRejectedError", ErrorMessage: "rejected" } } } }),
    ];
    const timeline = buildTimeline(events);

    expect(timeline.endMs).toBe(T0 + 710);
    expect(timeline.operations[0]).toMatchObject({ state: "FAILED", summary: "ApprovalRejectedError: rejected" });
    expect(timeline.operations.at(-1)).toMatchObject({ state: "FAILED", summary: "CallbackError: no" });
  });

  it("keeps every event of an operation for its detail view, and loses no operation to a broken parent chain", () => {
    const events = [...history(), event("StepStarted", 800, { Id: "x", ParentId: "y", Name: "orphan" }), event("StepStarted", 801, { Id: "y", ParentId: "x", Name: "cycle" })];
    const timeline = buildTimeline(events);

    expect(timeline.operations.find((operation) => operation.name === "record-prepared")!.events.map((e) => e.EventType)).toEqual(["StepStarted", "StepFailed", "StepStarted", "StepSucceeded"]);
    expect(timeline.operations.map((operation) => operation.name)).toEqual(expect.arrayContaining(["orphan", "cycle"]));
  });
});

describe("payloads on screen", () => {
  it("pretty-prints JSON and shows anything else as it is", () => {
    expect(displayPayload('{"a":1,"b":[true]}').text).toBe('{\n  "a": 1,\n  "b": [\n    true\n  ]\n}');
    expect(displayPayload("plain text, not JSON").text).toBe("plain text, not JSON");
  });

  it("cuts a large payload at the limit and says how much was left out", () => {
    const shown = displayPayload(JSON.stringify({ blob: "x".repeat(20_000) }), { limit: 1000 });
    expect(shown.text).toHaveLength(1000);
    expect(shown.omitted).toBe(JSON.stringify({ blob: "x".repeat(20_000) }, null, 2).length - 1000);
    expect(displayPayload("{}", { truncatedByService: true }).truncatedByService).toBe(true);
  });
});
