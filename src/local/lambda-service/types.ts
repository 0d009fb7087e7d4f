import type { ExecutionStatus, OperationStatus, OperationType } from "./constants";

/** How the service reaches function code. The stack wiring (src/local) implements it from template.yaml; tests run handlers in-process. */
export interface FunctionRuntime {
  /** Resolves a FunctionName as callers send it (name, name:qualifier, full/partial ARN, alias ARN) to a known function, or undefined. */
  resolve(functionName: string): ResolvedFunction | undefined;
  /** Runs the handler once with this event; the handler's own thrown error comes back as `error`. */
  invoke(name: string, event: unknown): Promise<FunctionInvokeResult>;
}

export interface ResolvedFunction {
  name: string;
  qualifier?: string;
  durable: boolean;
  /** DurableConfig.ExecutionTimeout in (unscaled) seconds; absent = no execution timeout. */
  executionTimeoutSeconds?: number;
}

export interface FunctionInvokeResult {
  payload?: unknown;
  error?: { errorType: string; errorMessage: string; trace?: string[] };
}

export interface LambdaServiceOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  functions: FunctionRuntime;
  /** Directory for one JSON file per execution; absent = in memory only. */
  dataDir?: string;
  /** DURABLE_EXECUTIONS_TIME_SCALE: multiplies waits, retry delays, polling delays, callback and execution timeouts. Default 1; 0 = immediate. */
  timeScale?: number;
  /** Default us-east-2 (used in ARNs). */
  region?: string;
  /** Default 000000000000 (used in ARNs). */
  accountId?: string;
  /** Consecutive failed invocations (handler threw or returned garbage) before the execution FAILS. Default 3. */
  maxInvocationAttempts?: number;
}

export interface LambdaService {
  /** http://host:port */
  endpoint: string;
  port: number;
  /** Stops timers and the HTTP server; in-flight handler invocations are abandoned (their state stays in the store). */
  close(): Promise<void>;
  /** Resolves when the execution is no longer RUNNING (for tests and the local CLI). */
  waitForExecution(executionArn: string): Promise<ExecutionSummary>;
  /** Snapshot of one execution, or undefined. */
  getExecution(executionArn: string): ExecutionSummary | undefined;
  /** All executions known to the store, oldest first. */
  listExecutions(): ExecutionSummary[];
  /**
   * Requests served since the service started, by API operation (CheckpointDurableExecution,
   * Invoke, ...), failed ones included: what the functions' SDK clients sent, counted by the
   * server. The benchmarks divide it by orders and steps.
   */
  requestCounts(): Record<string, number>;
}

export interface ExecutionSummary {
  executionArn: string;
  executionName: string;
  functionName: string;
  status: ExecutionStatus;
  startTimestamp: Date;
  endTimestamp?: Date;
  result?: string;
  error?: ErrorObject;
}

export interface ErrorObject {
  ErrorMessage?: string;
  ErrorType?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

/** An operation as stored: the wire shape with timestamps as epoch milliseconds. */
export interface StoredOperation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  StartTimestamp: number;
  EndTimestamp?: number;
  Status: OperationStatus;
  ExecutionDetails?: { InputPayload?: string };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject };
  StepDetails?: { Attempt?: number; NextAttemptTimestamp?: number; Result?: string; Error?: ErrorObject };
  WaitDetails?: { ScheduledEndTimestamp?: number };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject };
}

/** An OperationUpdate as the SDK sends it in CheckpointDurableExecution. */
export interface OperationUpdate {
  Id?: string;
  ParentId?: string;
  Name?: string;
  Type?: string;
  SubType?: string;
  Action?: string;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: { ReplayChildren?: boolean };
  StepOptions?: { NextAttemptDelaySeconds?: number };
  WaitOptions?: { WaitSeconds?: number };
  CallbackOptions?: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number };
  ChainedInvokeOptions?: { FunctionName?: string; TenantId?: string };
}

/** A history event as stored: AWS's Event shape, EventTimestamp in epoch milliseconds, details as plain JSON. */
export interface StoredEvent {
  EventType: string;
  SubType?: string;
  EventId: number;
  Id?: string;
  Name?: string;
  EventTimestamp: number;
  ParentId?: string;
  /** Exactly one `<EventType>Details` key; nested timestamps are epoch milliseconds under keys ending in "Timestamp". */
  [details: string]: unknown;
}

/** Deadlines of an open callback, absolute epoch ms (already scaled). */
export interface CallbackDeadlines {
  timeoutAt?: number;
  heartbeatAt?: number;
  /** Scaled heartbeat window in ms, re-armed by each heartbeat. */
  heartbeatMs?: number;
}

/** A chained invoke the service owes an answer for. */
export interface PendingInvoke {
  functionName: string;
  payload?: string;
  /** Set once a durable target's child execution exists. */
  childExecutionArn?: string;
}

/** Everything persisted about one durable execution. */
export interface ExecutionRecord {
  executionId: string;
  executionArn: string;
  executionName: string;
  functionName: string;
  /** Qualifier as it appears in the ARN ($LATEST or a version). */
  version: string;
  functionArn: string;
  status: ExecutionStatus;
  startTimestamp: number;
  endTimestamp?: number;
  inputPayload: string;
  result?: string;
  error?: ErrorObject;
  executionTimeoutSeconds?: number;
  /** Absolute (scaled) deadline of the whole execution. */
  timeoutAt?: number;
  operations: StoredOperation[];
  history: StoredEvent[];
  nextEventId: number;
  /** Increments per handler invocation; checkpoint tokens carry it so a stale invocation cannot write. */
  invocationSeq: number;
  /** Consecutive failed invocations. */
  failedInvocations: number;
  callbacks: Record<string, CallbackDeadlines>;
  invokes: Record<string, PendingInvoke>;
  /** Set for a child execution started by a parent's context.invoke. */
  parent?: { executionArn: string; operationId: string };
  /** Ids of operations the service changed (timers, callbacks, invokes) that no handler has seen yet. */
  undelivered: string[];
  /** True while the handler owes a look at the execution: at start, after a service-side change, after a failed invocation, or while one runs (so a crash re-drives it). */
  wantsInvocation: boolean;
  /** Earliest time (epoch ms) of the next invocation after a failed one. */
  invocationRetryAt?: number;
}
