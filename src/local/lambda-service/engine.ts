import { randomUUID } from "node:crypto";
import { type ArnContext, executionArn, functionArn, versionForQualifier } from "./arn";
import { applyUpdates, validateUpdates } from "./checkpoint-updates";
import {
  Defaults,
  EXECUTION_NAME_PATTERN,
  ExecutionStatus,
  OperationStatus,
  OperationType,
} from "./constants";
import {
  CallbackTimeoutError,
  DurableExecutionAlreadyStartedError,
  INVALID_TOKEN_MESSAGE,
  InvalidParameterValueError,
  ResourceNotFoundError,
} from "./errors";
import { appendEvent, errorDetail, EventType, payloadDetail } from "./history";
import type { ExecutionStore } from "./store";
import { decodeCheckpointToken, encodeCheckpointToken } from "./tokens";
import type {
  ErrorObject,
  ExecutionRecord,
  ExecutionSummary,
  FunctionInvokeResult,
  FunctionRuntime,
  OperationUpdate,
  ResolvedFunction,
  StoredOperation,
} from "./types";
import { classifyInvocation, errorObjectFrom, type InvocationOutcome } from "./invocation-outcome";
import { page } from "./paging";
import { operationForEvent, operationForRest } from "./wire";

export interface EngineConfig {
  arn: ArnContext;
  timeScale: number;
  maxInvocationAttempts: number;
}

/** In-memory bookkeeping per execution; everything that matters after a crash lives in the record. */
interface Runtime {
  invoking: boolean;
  timer?: NodeJS.Timeout;
  /** Operation ids with a due time: waits, step retries, callbacks. */
  timed: Set<string>;
}

type TerminalStatus = Exclude<ExecutionStatus, "RUNNING">;

const EXECUTION_END_EVENT: Record<TerminalStatus, EventType> = {
  SUCCEEDED: EventType.ExecutionSucceeded,
  FAILED: EventType.ExecutionFailed,
  TIMED_OUT: EventType.ExecutionTimedOut,
  STOPPED: EventType.ExecutionStopped,
};

const CHAINED_INVOKE_END_EVENT: Record<TerminalStatus, EventType> = {
  SUCCEEDED: EventType.ChainedInvokeSucceeded,
  FAILED: EventType.ChainedInvokeFailed,
  TIMED_OUT: EventType.ChainedInvokeTimedOut,
  STOPPED: EventType.ChainedInvokeStopped,
};

/**
 * Drives durable executions: invokes the handler, applies checkpoints, fires timers, completes callbacks
 * and chained invokes, and re-invokes until the handler returns SUCCEEDED or FAILED. At most one
 * invocation of an execution runs at a time.
 */
export class DurableEngine {
  private readonly runtimes = new Map<string, Runtime>();
  private readonly waiters = new Map<string, Array<(summary: ExecutionSummary) => void>>();
  private closed = false;

  constructor(
    private readonly store: ExecutionStore,
    private readonly functions: FunctionRuntime,
    private readonly config: EngineConfig,
  ) {}

  /** Picks up every RUNNING execution in the store (after a restart): timers re-armed, owed invocations and chained invokes re-driven. */
  resumeAll(): void {
    for (const record of this.store.all()) {
      if (record.status !== ExecutionStatus.RUNNING) continue;
      const runtime = this.runtime(record);
      for (const op of record.operations) if (hasDueTime(op, record)) runtime.timed.add(op.Id);
      for (const operationId of Object.keys(record.invokes)) this.launchInvoke(record, operationId);
      this.kick(record);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    // No final flush: every acknowledged change is already on disk, so closing behaves like a crash would.
    for (const runtime of this.runtimes.values()) clearTimeout(runtime.timer);
  }

  scaledMs(seconds: number): number {
    return Math.max(0, seconds * 1000 * this.config.timeScale);
  }

  // ---------- start ----------

  /** Starts an execution, or returns the existing one for the same name and payload (AWS's idempotent start). */
  async startExecution(params: {
    fn: ResolvedFunction;
    qualifier: string;
    executionName?: string;
    payload: string;
    parent?: ExecutionRecord["parent"];
  }): Promise<ExecutionRecord> {
    const { fn, qualifier, payload } = params;
    if (params.executionName !== undefined) {
      if (!EXECUTION_NAME_PATTERN.test(params.executionName)) {
        throw new InvalidParameterValueError("DurableExecutionName must be 1-64 characters of [a-zA-Z0-9-_].");
      }
      const existing = this.store.getByName(fn.name, params.executionName);
      if (existing) {
        if (existing.inputPayload !== payload) {
          throw new DurableExecutionAlreadyStartedError(
            `Durable execution with name ${params.executionName} already exists with a different payload.`,
          );
        }
        return existing;
      }
    }
    const now = Date.now();
    const executionId = randomUUID();
    const executionName = params.executionName ?? randomUUID();
    const version = versionForQualifier(qualifier);
    const timeoutSeconds = fn.executionTimeoutSeconds;
    const record: ExecutionRecord = {
      executionId,
      executionArn: executionArn(this.config.arn, fn.name, version, executionName, executionId),
      executionName,
      functionName: fn.name,
      version,
      functionArn: functionArn(this.config.arn, fn.name, version),
      status: ExecutionStatus.RUNNING,
      startTimestamp: now,
      inputPayload: payload,
      ...(timeoutSeconds !== undefined && { executionTimeoutSeconds: timeoutSeconds, timeoutAt: now + this.scaledMs(timeoutSeconds) }),
      operations: [],
      history: [],
      nextEventId: 1,
      invocationSeq: 0,
      failedInvocations: 0,
      callbacks: {},
      invokes: {},
      ...(params.parent && { parent: params.parent }),
      undelivered: [],
      wantsInvocation: true,
    };
    const executionOp: StoredOperation = {
      Id: randomUUID(),
      Type: OperationType.EXECUTION,
      Status: OperationStatus.STARTED,
      StartTimestamp: now,
      ExecutionDetails: { InputPayload: payload },
    };
    record.operations.push(executionOp);
    appendEvent(record, EventType.ExecutionStarted, { Id: executionOp.Id, Name: executionName }, {
      Input: { Payload: payload },
      ExecutionTimeout: timeoutSeconds,
    }, now);
    this.store.add(record);
    await this.store.save(record);
    this.kick(record);
    return record;
  }

  // ---------- reads ----------

  requireExecution(arn: string): ExecutionRecord {
    const record = this.store.getByArn(arn);
    if (!record) throw new ResourceNotFoundError(`Durable execution not found: ${arn}`);
    return record;
  }

  summary(record: ExecutionRecord): ExecutionSummary {
    return {
      executionArn: record.executionArn,
      executionName: record.executionName,
      functionName: record.functionName,
      status: record.status,
      startTimestamp: new Date(record.startTimestamp),
      ...(record.endTimestamp !== undefined && { endTimestamp: new Date(record.endTimestamp) }),
      ...(record.result !== undefined && { result: record.result }),
      ...(record.error !== undefined && { error: record.error }),
    };
  }

  /** Resolves when the execution leaves RUNNING. */
  waitForCompletion(record: ExecutionRecord): Promise<ExecutionSummary> {
    if (record.status !== ExecutionStatus.RUNNING) return Promise.resolve(this.summary(record));
    return new Promise((resolve) => {
      const list = this.waiters.get(record.executionId) ?? [];
      list.push(resolve);
      this.waiters.set(record.executionId, list);
    });
  }

  /** Operations the SDK may see: children of a completed context that does not replay them are left out, as AWS does. */
  visibleOperations(record: ExecutionRecord): StoredOperation[] {
    const hidden = new Set<string>();
    const visible: StoredOperation[] = [];
    for (const op of record.operations) {
      const parent = op.ParentId !== undefined ? this.store.operation(record, op.ParentId) : undefined;
      if (parent && (hidden.has(parent.Id) ||
        (parent.Type === OperationType.CONTEXT && isClosed(parent.Status) && !parent.ContextDetails?.ReplayChildren))) {
        hidden.add(op.Id);
        continue;
      }
      visible.push(op);
    }
    return visible;
  }

  // ---------- checkpoint API ----------

  private requireCurrentToken(record: ExecutionRecord, token: string | undefined): void {
    const data = token ? decodeCheckpointToken(token) : undefined;
    if (!data || data.executionId !== record.executionId) {
      throw new InvalidParameterValueError(`${INVALID_TOKEN_MESSAGE}: the token does not belong to this execution.`);
    }
    if (record.status !== ExecutionStatus.RUNNING) {
      throw new InvalidParameterValueError(`${INVALID_TOKEN_MESSAGE}: the execution is ${record.status}.`);
    }
    if (data.invocationSeq !== record.invocationSeq) {
      throw new InvalidParameterValueError(`${INVALID_TOKEN_MESSAGE}: the token belongs to an earlier invocation.`);
    }
  }

  async checkpoint(arn: string, token: string | undefined, updates: OperationUpdate[]): Promise<{
    CheckpointToken: string;
    NewExecutionState: { Operations: Record<string, unknown>[] };
  }> {
    const record = this.requireExecution(arn);
    this.requireCurrentToken(record, token);
    const now = Date.now();
    this.settleDue(record, now);
    if (record.status !== ExecutionStatus.RUNNING) {
      throw new InvalidParameterValueError(`${INVALID_TOKEN_MESSAGE}: the execution is ${record.status}.`);
    }
    const valid = validateUpdates(this.store, record, updates);
    const outcome = applyUpdates({ store: this.store, scaledMs: (s) => this.scaledMs(s), now }, record, valid);
    const runtime = this.runtime(record);
    for (const id of outcome.timed) runtime.timed.add(id);
    for (const id of outcome.touched) this.store.operationChanged(record, id);
    // Changes the service made since the handler last looked (a wait ended, a callback arrived) ride along.
    const ids = new Set(outcome.touched);
    for (const id of record.undelivered.splice(0)) ids.add(id);
    const operations: Record<string, unknown>[] = [];
    for (const id of ids) {
      const op = this.store.operation(record, id);
      if (op) operations.push(operationForRest(op));
    }
    await this.store.save(record);
    for (const operationId of outcome.startedInvokes) this.launchInvoke(record, operationId);
    if (outcome.timed.length > 0) this.armTimer(record);
    return {
      CheckpointToken: encodeCheckpointToken({ executionId: record.executionId, invocationSeq: record.invocationSeq }),
      NewExecutionState: { Operations: operations },
    };
  }

  getState(arn: string, token: string | undefined, marker: string | undefined, maxItems: number | undefined): {
    Operations: Record<string, unknown>[];
    NextMarker?: string;
  } {
    const record = this.requireExecution(arn);
    this.requireCurrentToken(record, token);
    const { items, nextMarker } = page(this.visibleOperations(record), marker, maxItems);
    return { Operations: items.map(operationForRest), ...(nextMarker !== undefined && { NextMarker: nextMarker }) };
  }

  // ---------- callbacks ----------

  private openCallback(callbackId: string): { record: ExecutionRecord; operation: StoredOperation } {
    const found = this.store.findCallback(callbackId);
    if (!found) throw new ResourceNotFoundError(`Callback not found: ${callbackId}`);
    this.settleDue(found.record, Date.now());
    if (found.record.status !== ExecutionStatus.RUNNING || found.operation.Status !== OperationStatus.STARTED) {
      throw new CallbackTimeoutError(`Callback ${callbackId} has already completed or timed out.`);
    }
    return found;
  }

  async completeCallback(callbackId: string, outcome: { result?: string } | { error: ErrorObject }): Promise<void> {
    const { record, operation } = this.openCallback(callbackId);
    const now = Date.now();
    delete record.callbacks[operation.Id];
    if ("error" in outcome) {
      operation.CallbackDetails = { ...operation.CallbackDetails, Error: outcome.error };
      closeOperation(operation, OperationStatus.FAILED, now);
      appendEvent(record, EventType.CallbackFailed, operation, { Error: errorDetail(outcome.error) }, now);
    } else {
      operation.CallbackDetails = { ...operation.CallbackDetails, ...(outcome.result !== undefined && { Result: outcome.result }) };
      closeOperation(operation, OperationStatus.SUCCEEDED, now);
      appendEvent(record, EventType.CallbackSucceeded, operation, { Result: payloadDetail(outcome.result) ?? {} }, now);
    }
    this.markChanged(record, operation.Id);
    await this.store.save(record);
    this.kick(record);
  }

  async heartbeatCallback(callbackId: string): Promise<void> {
    const { record, operation } = this.openCallback(callbackId);
    const deadlines = record.callbacks[operation.Id];
    if (deadlines?.heartbeatMs !== undefined) {
      deadlines.heartbeatAt = Date.now() + deadlines.heartbeatMs;
      await this.store.save(record);
      this.armTimer(record);
    }
  }

  // ---------- stop ----------

  async stop(arn: string, error: ErrorObject | undefined): Promise<number> {
    const record = this.requireExecution(arn);
    if (record.status !== ExecutionStatus.RUNNING) {
      throw new InvalidParameterValueError(`Durable execution ${arn} is already ${record.status}.`);
    }
    const now = Date.now();
    await this.complete(record, ExecutionStatus.STOPPED, { error: error ?? { ErrorType: "Stopped", ErrorMessage: "Execution stopped" } }, now);
    return now;
  }

  // ---------- the invocation loop ----------

  private runtime(record: ExecutionRecord): Runtime {
    let runtime = this.runtimes.get(record.executionId);
    if (!runtime) {
      runtime = { invoking: false, timed: new Set() };
      this.runtimes.set(record.executionId, runtime);
    }
    return runtime;
  }

  private markChanged(record: ExecutionRecord, operationId: string): void {
    this.store.operationChanged(record, operationId);
    if (!record.undelivered.includes(operationId)) record.undelivered.push(operationId);
    record.wantsInvocation = true;
  }

  private kick(record: ExecutionRecord): void {
    if (this.closed) return;
    setImmediate(() => void this.drive(record.executionId));
  }

  private async drive(executionId: string): Promise<void> {
    const record = this.store.get(executionId);
    if (!record) return;
    const runtime = this.runtime(record);
    if (runtime.invoking) {
      // Deadlines still apply while the handler runs; what they change reaches it through its polling checkpoints.
      this.settleDue(record, Date.now());
      if (!this.closed && record.status === ExecutionStatus.RUNNING) this.armTimer(record);
      return;
    }
    runtime.invoking = true;
    try {
      for (;;) {
        if (this.closed || record.status !== ExecutionStatus.RUNNING) break;
        const now = Date.now();
        this.settleDue(record, now);
        if (record.status !== ExecutionStatus.RUNNING) break;
        const due = record.wantsInvocation && (record.invocationRetryAt === undefined || record.invocationRetryAt <= now);
        if (!due) break;
        await this.invokeOnce(record);
      }
    } finally {
      runtime.invoking = false;
      if (!this.closed && record.status === ExecutionStatus.RUNNING) this.armTimer(record);
    }
  }

  private async invokeOnce(record: ExecutionRecord): Promise<void> {
    const seq = ++record.invocationSeq;
    record.invocationRetryAt = undefined;
    const startedAt = Date.now();
    const visible = this.visibleOperations(record);
    const inline = visible.slice(0, Defaults.inlineOperations);
    const updatedOperationIds = record.undelivered.splice(0);
    const event = {
      DurableExecutionArn: record.executionArn,
      CheckpointToken: encodeCheckpointToken({ executionId: record.executionId, invocationSeq: seq }),
      ...(updatedOperationIds.length > 0 && { UpdatedOperationIds: updatedOperationIds }),
      InitialExecutionState: {
        Operations: inline.map(operationForEvent),
        ...(visible.length > inline.length && { NextMarker: String(inline.length) }),
      },
    };
    await this.store.save(record);
    let outcome: InvocationOutcome;
    try {
      outcome = classifyInvocation(await this.functions.invoke(record.functionName, event));
    } catch (error) {
      outcome = { kind: "broken", error: errorObjectFrom(error) };
    }
    // A stop, a timeout or a restart of the service overtook this invocation: its answer no longer counts.
    if (this.closed || record.status !== ExecutionStatus.RUNNING || record.invocationSeq !== seq) return;
    const endedAt = Date.now();
    appendEvent(record, EventType.InvocationCompleted, undefined, {
      StartTimestamp: startedAt,
      EndTimestamp: endedAt,
      RequestId: `${record.executionId}-${seq}`,
      Error: outcome.kind === "broken" || outcome.kind === "failed" ? errorDetail(outcome.error) : undefined,
    }, endedAt);
    switch (outcome.kind) {
      case "succeeded":
        await this.complete(record, ExecutionStatus.SUCCEEDED, { result: outcome.result || record.result }, endedAt);
        return;
      case "failed":
        await this.complete(record, ExecutionStatus.FAILED, { error: outcome.error }, endedAt);
        return;
      case "broken":
        record.failedInvocations += 1;
        if (record.failedInvocations >= this.config.maxInvocationAttempts) {
          await this.complete(record, ExecutionStatus.FAILED, { error: outcome.error }, endedAt);
          return;
        }
        record.wantsInvocation = true;
        record.invocationRetryAt = endedAt + this.scaledMs(Defaults.invocationRetryDelaySeconds);
        await this.store.save(record);
        return;
      case "pending":
        record.failedInvocations = 0;
        if (record.undelivered.length > 0 || record.operations.some((op) => op.Status === OperationStatus.READY)) {
          record.wantsInvocation = true;
        } else if (hasPendingWork(record)) {
          record.wantsInvocation = false;
        } else {
          await this.complete(record, ExecutionStatus.FAILED, {
            error: { ErrorType: "InvalidParameterValueException", ErrorMessage: "Cannot return PENDING status with no pending operations." },
          }, endedAt);
          return;
        }
        await this.store.save(record);
        return;
      default:
        outcome satisfies never;
    }
  }

  private async complete(
    record: ExecutionRecord,
    status: TerminalStatus,
    outcome: { result?: string; error?: ErrorObject },
    now: number,
  ): Promise<void> {
    record.status = status;
    record.endTimestamp = now;
    record.wantsInvocation = false;
    record.invocationRetryAt = undefined;
    if (status === ExecutionStatus.SUCCEEDED) {
      record.result = outcome.result;
      record.error = undefined;
    } else {
      record.error = outcome.error ?? record.error ?? {};
    }
    const executionOp = record.operations[0];
    if (executionOp) {
      closeOperation(executionOp, status, now);
      this.store.operationChanged(record, executionOp.Id);
    }
    appendEvent(record, EXECUTION_END_EVENT[status], executionOp && { Id: executionOp.Id, Name: record.executionName },
      status === ExecutionStatus.SUCCEEDED ? { Result: payloadDetail(record.result) ?? {} } : { Error: errorDetail(record.error) }, now);
    const runtime = this.runtime(record);
    clearTimeout(runtime.timer);
    runtime.timed.clear();
    await this.store.save(record);
    for (const resolve of this.waiters.get(record.executionId) ?? []) resolve(this.summary(record));
    this.waiters.delete(record.executionId);
    if (status === ExecutionStatus.STOPPED || status === ExecutionStatus.TIMED_OUT) await this.stopChildren(record, now);
    if (record.parent) await this.finishChainedInvoke(record.parent.executionArn, record.parent.operationId, status, record.result, record.error);
  }

  private async stopChildren(record: ExecutionRecord, now: number): Promise<void> {
    for (const pending of Object.values(record.invokes)) {
      const child = pending.childExecutionArn ? this.store.getByArn(pending.childExecutionArn) : undefined;
      if (child?.status === ExecutionStatus.RUNNING) {
        await this.complete(child, ExecutionStatus.STOPPED, { error: { ErrorType: "Stopped", ErrorMessage: "Parent execution ended" } }, now);
      }
    }
  }

  // ---------- timers ----------

  /** Applies every due timer: waits end, retries become READY, callbacks time out, the execution times out. */
  private settleDue(record: ExecutionRecord, now: number): void {
    if (record.status !== ExecutionStatus.RUNNING) return;
    const runtime = this.runtime(record);
    for (const id of runtime.timed) {
      const op = this.store.operation(record, id);
      if (!op || !hasDueTime(op, record)) {
        runtime.timed.delete(id);
        continue;
      }
      if (op.Type === OperationType.WAIT && (op.WaitDetails?.ScheduledEndTimestamp ?? 0) <= now) {
        closeOperation(op, OperationStatus.SUCCEEDED, now);
        const started = record.history.find((e) => e.Id === op.Id && e.EventType === EventType.WaitStarted);
        const duration = (started?.WaitStartedDetails as { Duration?: number } | undefined)?.Duration;
        appendEvent(record, EventType.WaitSucceeded, op, { Duration: duration }, now);
        runtime.timed.delete(id);
        this.markChanged(record, op.Id);
      } else if (op.Type === OperationType.STEP && (op.StepDetails?.NextAttemptTimestamp ?? 0) <= now) {
        op.Status = OperationStatus.READY;
        runtime.timed.delete(id);
        this.markChanged(record, op.Id);
      } else if (op.Type === OperationType.CALLBACK) {
        const deadlines = record.callbacks[op.Id];
        const heartbeatExpired = deadlines?.heartbeatAt !== undefined && deadlines.heartbeatAt <= now;
        const timeoutExpired = deadlines?.timeoutAt !== undefined && deadlines.timeoutAt <= now;
        if (!heartbeatExpired && !timeoutExpired) continue;
        const error: ErrorObject = {
          ErrorType: "CallbackTimeout",
          ErrorMessage: timeoutExpired ? "Callback timed out" : "Callback timed out on heartbeat",
        };
        op.CallbackDetails = { ...op.CallbackDetails, Error: error };
        closeOperation(op, OperationStatus.TIMED_OUT, now);
        appendEvent(record, EventType.CallbackTimedOut, op, { Error: errorDetail(error) }, now);
        delete record.callbacks[op.Id];
        runtime.timed.delete(id);
        this.markChanged(record, op.Id);
      }
    }
    if (record.timeoutAt !== undefined && record.timeoutAt <= now) {
      void this.complete(record, ExecutionStatus.TIMED_OUT, {
        error: { ErrorType: "ExecutionTimedOut", ErrorMessage: `Execution timed out after ${record.executionTimeoutSeconds} seconds` },
      }, now);
    }
  }

  private nextDueTime(record: ExecutionRecord, includeInvocation: boolean): number | undefined {
    const runtime = this.runtime(record);
    let next = record.timeoutAt;
    const consider = (at: number | undefined) => {
      if (at !== undefined && (next === undefined || at < next)) next = at;
    };
    if (includeInvocation && record.wantsInvocation) consider(record.invocationRetryAt ?? Date.now());
    for (const id of runtime.timed) {
      const op = this.store.operation(record, id);
      if (!op) continue;
      if (op.Type === OperationType.WAIT) consider(op.WaitDetails?.ScheduledEndTimestamp);
      else if (op.Type === OperationType.STEP) consider(op.StepDetails?.NextAttemptTimestamp);
      else if (op.Type === OperationType.CALLBACK) {
        consider(record.callbacks[op.Id]?.timeoutAt);
        consider(record.callbacks[op.Id]?.heartbeatAt);
      }
    }
    return next;
  }

  /** While an invocation runs only deadlines count, not the wish for another invocation (that is decided when it returns). */
  private armTimer(record: ExecutionRecord): void {
    const runtime = this.runtime(record);
    const includeInvocation = !runtime.invoking;
    clearTimeout(runtime.timer);
    runtime.timer = undefined;
    if (this.closed || record.status !== ExecutionStatus.RUNNING) return;
    const next = this.nextDueTime(record, includeInvocation);
    if (next === undefined) return;
    // Timers may fire a millisecond early; settleDue re-checks against the clock and the timer re-arms.
    const delay = Math.min(Math.max(0, next - Date.now()) + 1, 2_147_000_000);
    runtime.timer = setTimeout(() => {
      runtime.timer = undefined;
      void this.drive(record.executionId);
    }, delay);
  }

  // ---------- chained invokes ----------

  private launchInvoke(record: ExecutionRecord, operationId: string): void {
    const pending = record.invokes[operationId];
    if (!pending || this.closed) return;
    const fail = (error: ErrorObject) => this.finishChainedInvoke(record.executionArn, operationId, ExecutionStatus.FAILED, undefined, error);
    const target = this.functions.resolve(pending.functionName);
    if (!target) {
      void fail({ ErrorType: "ResourceNotFoundException", ErrorMessage: `Function not found: ${pending.functionName}` });
      return;
    }
    if (!target.durable) {
      void this.runPlainInvoke(record, operationId, target, pending.payload);
      return;
    }
    if (!target.qualifier) {
      void fail({ ErrorType: "InvalidParameterValueException", ErrorMessage: "Durable functions must be invoked with a qualified ARN (version or alias)." });
      return;
    }
    void this.startChild(record, operationId, target, target.qualifier, pending.payload).catch((error: unknown) => fail(errorObjectFrom(error)));
  }

  private async startChild(record: ExecutionRecord, operationId: string, target: ResolvedFunction, qualifier: string, payload: string | undefined): Promise<void> {
    const pending = record.invokes[operationId];
    if (!pending) return;
    // The name is derived from the parent operation, so a re-driven invoke after a crash finds the same child.
    const child = await this.startExecution({
      fn: target,
      qualifier,
      executionName: `${record.executionId}-${operationId}`.slice(0, 64),
      payload: payload ?? "{}",
      parent: { executionArn: record.executionArn, operationId },
    });
    if (pending.childExecutionArn !== child.executionArn) {
      pending.childExecutionArn = child.executionArn;
      await this.store.save(record);
    }
    if (child.status !== ExecutionStatus.RUNNING) {
      await this.finishChainedInvoke(record.executionArn, operationId, child.status, child.result, child.error);
    }
  }

  private async runPlainInvoke(record: ExecutionRecord, operationId: string, target: ResolvedFunction, payload: string | undefined): Promise<void> {
    let result: FunctionInvokeResult;
    try {
      result = await this.functions.invoke(target.name, payload === undefined || payload === "" ? {} : JSON.parse(payload));
    } catch (error) {
      result = { error: { errorType: "ServiceException", errorMessage: errorObjectFrom(error).ErrorMessage ?? "invoke failed" } };
    }
    if (result.error) {
      await this.finishChainedInvoke(record.executionArn, operationId, ExecutionStatus.FAILED, undefined, {
        ErrorType: result.error.errorType,
        ErrorMessage: result.error.errorMessage,
        ...(result.error.trace && { StackTrace: result.error.trace }),
      });
    } else {
      const serialized = result.payload === undefined ? undefined : JSON.stringify(result.payload);
      await this.finishChainedInvoke(record.executionArn, operationId, ExecutionStatus.SUCCEEDED, serialized, undefined);
    }
  }

  private async finishChainedInvoke(
    parentArn: string,
    operationId: string,
    status: ExecutionStatus,
    result: string | undefined,
    error: ErrorObject | undefined,
  ): Promise<void> {
    if (this.closed || status === ExecutionStatus.RUNNING) return;
    const parent = this.store.getByArn(parentArn);
    const op = parent ? this.store.operation(parent, operationId) : undefined;
    if (!parent || !op || parent.status !== ExecutionStatus.RUNNING || op.Status !== OperationStatus.STARTED) return;
    const now = Date.now();
    delete parent.invokes[operationId];
    op.ChainedInvokeDetails = status === ExecutionStatus.SUCCEEDED
      ? { ...(result !== undefined && { Result: result }) }
      : { Error: error ?? {} };
    closeOperation(op, status, now);
    appendEvent(parent, CHAINED_INVOKE_END_EVENT[status], op,
      status === ExecutionStatus.SUCCEEDED ? { Result: payloadDetail(result) ?? {} } : { Error: errorDetail(error) }, now);
    this.markChanged(parent, operationId);
    await this.store.save(parent);
    this.kick(parent);
  }
}

// ---------- helpers ----------

function isClosed(status: string): boolean {
  return status !== OperationStatus.STARTED && status !== OperationStatus.PENDING && status !== OperationStatus.READY;
}

function closeOperation(op: StoredOperation, status: StoredOperation["Status"], now: number): void {
  op.Status = status;
  op.EndTimestamp = now;
}

function hasDueTime(op: StoredOperation, record: ExecutionRecord): boolean {
  if (op.Type === OperationType.WAIT) return op.Status === OperationStatus.STARTED;
  if (op.Type === OperationType.STEP) return op.Status === OperationStatus.PENDING;
  if (op.Type === OperationType.CALLBACK) {
    const deadlines = record.callbacks[op.Id];
    return op.Status === OperationStatus.STARTED && (deadlines?.timeoutAt !== undefined || deadlines?.heartbeatAt !== undefined);
  }
  return false;
}

/** Something the service itself will complete later: a timer, a callback, a chained invoke. */
function hasPendingWork(record: ExecutionRecord): boolean {
  return record.operations.some((op) =>
    (op.Status === OperationStatus.STARTED &&
      (op.Type === OperationType.WAIT || op.Type === OperationType.CALLBACK || op.Type === OperationType.CHAINED_INVOKE)) ||
    (op.Type === OperationType.STEP && op.Status === OperationStatus.PENDING));
}
