export const DURABLE_API_VERSION = "2025-12-01" as const;
export const INVOKE_API_VERSION = "2015-03-31" as const;

export const ExecutionStatus = {
  RUNNING: "RUNNING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
} as const;
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

export const OperationType = {
  EXECUTION: "EXECUTION",
  CONTEXT: "CONTEXT",
  STEP: "STEP",
  WAIT: "WAIT",
  CALLBACK: "CALLBACK",
  CHAINED_INVOKE: "CHAINED_INVOKE",
} as const;
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

export const OperationStatus = {
  STARTED: "STARTED",
  PENDING: "PENDING",
  READY: "READY",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

export const OperationAction = {
  START: "START",
  SUCCEED: "SUCCEED",
  FAIL: "FAIL",
  RETRY: "RETRY",
  CANCEL: "CANCEL",
} as const;
export type OperationAction = (typeof OperationAction)[keyof typeof OperationAction];

export const InvocationStatus = { SUCCEEDED: "SUCCEEDED", FAILED: "FAILED", PENDING: "PENDING" } as const;

export const TERMINAL_OPERATION_STATUSES: ReadonlySet<string> = new Set([
  OperationStatus.SUCCEEDED,
  OperationStatus.FAILED,
  OperationStatus.CANCELLED,
  OperationStatus.TIMED_OUT,
  OperationStatus.STOPPED,
]);

/** AWS: DurableExecutionName is 1–64 characters of [a-zA-Z0-9-_]. */
export const EXECUTION_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

export const Defaults = {
  region: "us-east-2",
  accountId: "000000000000",
  host: "127.0.0.1",
  timeScale: 1,
  maxInvocationAttempts: 3,
  /** Unscaled delay before re-trying a failed invocation. */
  invocationRetryDelaySeconds: 1,
  /** Page size of GetDurableExecutionState / history / list when MaxItems is absent. */
  pageSize: 1000,
  /** Operations sent inline in the invocation event before the SDK has to page through GetDurableExecutionState. */
  inlineOperations: 1000,
} as const;
