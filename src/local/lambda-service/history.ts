import type { ErrorObject, ExecutionRecord, StoredEvent, StoredOperation } from "./types";

/** AWS's history EventType values. */
export const EventType = {
  ExecutionStarted: "ExecutionStarted",
  ExecutionSucceeded: "ExecutionSucceeded",
  ExecutionFailed: "ExecutionFailed",
  ExecutionTimedOut: "ExecutionTimedOut",
  ExecutionStopped: "ExecutionStopped",
  ContextStarted: "ContextStarted",
  ContextSucceeded: "ContextSucceeded",
  ContextFailed: "ContextFailed",
  WaitStarted: "WaitStarted",
  WaitSucceeded: "WaitSucceeded",
  WaitCancelled: "WaitCancelled",
  StepStarted: "StepStarted",
  StepSucceeded: "StepSucceeded",
  StepFailed: "StepFailed",
  ChainedInvokeStarted: "ChainedInvokeStarted",
  ChainedInvokeSucceeded: "ChainedInvokeSucceeded",
  ChainedInvokeFailed: "ChainedInvokeFailed",
  ChainedInvokeTimedOut: "ChainedInvokeTimedOut",
  ChainedInvokeStopped: "ChainedInvokeStopped",
  CallbackStarted: "CallbackStarted",
  CallbackSucceeded: "CallbackSucceeded",
  CallbackFailed: "CallbackFailed",
  CallbackTimedOut: "CallbackTimedOut",
  InvocationCompleted: "InvocationCompleted",
} as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

/** Appends an event; its details go under `<EventType>Details`, which AWS always sends (possibly empty). */
export function appendEvent(
  record: ExecutionRecord,
  type: EventType,
  op: Pick<StoredOperation, "Id" | "Name" | "SubType" | "ParentId"> | undefined,
  details: Record<string, unknown>,
  at: number = Date.now(),
): StoredEvent {
  const event: StoredEvent = {
    EventType: type,
    EventId: record.nextEventId++,
    EventTimestamp: at,
    ...(op?.SubType !== undefined && { SubType: op.SubType }),
    ...(op?.Id !== undefined && { Id: op.Id }),
    ...(op?.Name !== undefined && { Name: op.Name }),
    ...(op?.ParentId !== undefined && { ParentId: op.ParentId }),
    [`${type}Details`]: dropUndefined(details),
  };
  record.history.push(event);
  return event;
}

export const payloadDetail = (payload: string | undefined) => (payload === undefined ? undefined : { Payload: payload });
export const errorDetail = (error: ErrorObject | undefined) => ({ Payload: error ?? {} });

function dropUndefined(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) if (value !== undefined) out[key] = value;
  return out;
}
