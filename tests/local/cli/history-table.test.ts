import type { Event } from "@aws-sdk/client-lambda";
import { formatDuration, formatHistoryTable, historyRows } from "../../../src/local/cli/history-table";

const at = (ms: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms));

const EVENTS: Event[] = [
  { EventId: 1, EventType: "ExecutionStarted", Id: "exec", Name: "order-1", EventTimestamp: at(0) },
  { EventId: 2, EventType: "StepStarted", Id: "a", Name: "validate-order", SubType: "Step", EventTimestamp: at(10) },
  { EventId: 3, EventType: "StepSucceeded", Id: "a", Name: "validate-order", SubType: "Step", EventTimestamp: at(60) },
  { EventId: 4, EventType: "ContextStarted", Id: "b", Name: "await-approval", SubType: "WaitForCallback", EventTimestamp: at(100) },
  {
    EventId: 5,
    EventType: "CallbackStarted",
    Id: "c",
    ParentId: "b",
    Name: "await-approval",
    SubType: "Callback",
    EventTimestamp: at(110),
    CallbackStartedDetails: { CallbackId: "cb-123" },
  },
  { EventId: 6, EventType: "InvocationCompleted", EventTimestamp: at(120) },
  { EventId: 7, EventType: "StepStarted", Id: "d", Name: "charge", EventTimestamp: at(130) },
  {
    EventId: 8,
    EventType: "StepFailed",
    Id: "d",
    Name: "charge",
    EventTimestamp: at(2_130),
    StepFailedDetails: { Error: { Payload: { ErrorType: "PaymentDeclined", ErrorMessage: "card declined" } }, RetryDetails: {} },
  },
];

test("each operation is one row, nested under its parent, with its last status and how long it took", () => {
  const rows = historyRows(EVENTS);
  expect(rows.map((row) => [row.name, row.depth, row.type, row.status, row.startOffsetMs, row.durationMs])).toEqual([
    ["order-1", 0, "Execution", "STARTED", 0, undefined],
    ["validate-order", 0, "Step", "SUCCEEDED", 10, 50],
    ["await-approval", 0, "Context/WaitForCallback", "STARTED", 100, undefined],
    ["await-approval", 1, "Callback", "STARTED", 110, undefined],
    ["charge", 0, "Step", "FAILED", 130, 2_000],
  ]);
});

test("the detail column carries the callback id to answer and the error of a failed operation", () => {
  const rows = historyRows(EVENTS);
  expect(rows.find((row) => row.type === "Callback")?.detail).toBe("callback id cb-123");
  expect(rows.find((row) => row.name === "charge")?.detail).toBe("PaymentDeclined: card declined");
});

test("the table has a header, aligned columns and indented child operations", () => {
  const lines = formatHistoryTable(historyRows(EVENTS)).split("\n");
  expect(lines[0]).toMatch(/^OPERATION\s+TYPE\s+STATUS\s+START\s+DURATION\s+DETAIL$/);
  expect(lines[1]).toMatch(/^-+\s+-+/);
  expect(lines).toContainEqual(expect.stringMatching(/^ {2}await-approval\s+Callback\s+STARTED\s+\+110 ms\s+…\s+callback id cb-123$/));
  expect(lines).toContainEqual(expect.stringMatching(/^charge\s+Step\s+FAILED\s+\+130 ms\s+2\.00 s\s+PaymentDeclined: card declined$/));
  const statusColumn = lines[0]!.indexOf("STATUS");
  expect(lines.slice(2).every((line) => /^[A-Z]/.test(line.slice(statusColumn)))).toBe(true);
});

test("durations read naturally from milliseconds to hours", () => {
  expect([formatDuration(5), formatDuration(1_500), formatDuration(42_000), formatDuration(185_000), formatDuration(7_500_000)]).toEqual([
    "5 ms",
    "1.50 s",
    "42.0 s",
    "3 min 5 s",
    "2 h 5 min",
  ]);
});
