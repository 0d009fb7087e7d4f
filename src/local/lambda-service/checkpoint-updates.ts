import { OperationAction, OperationStatus, OperationType } from "./constants";
import { InvalidParameterValueError } from "./errors";
import { appendEvent, errorDetail, EventType, payloadDetail } from "./history";
import type { ExecutionStore } from "./store";
import { newCallbackId } from "./tokens";
import type { ExecutionRecord, OperationUpdate, StoredOperation } from "./types";

/** A validated update: Id, Type and Action are known. */
export interface ValidUpdate extends OperationUpdate {
  Id: string;
  Type: OperationType;
  Action: OperationAction;
}

/** What applying a batch asks of the engine afterwards. */
export interface ApplyOutcome {
  touched: string[];
  startedInvokes: string[];
  /** Operation ids that now have a timer (wait end, retry, callback deadline). */
  timed: string[];
}

export interface ApplyContext {
  store: ExecutionStore;
  /** Converts (unscaled) seconds from the SDK into real milliseconds. */
  scaledMs(seconds: number): number;
  now: number;
}

const VALID_ACTIONS: Record<OperationType, ReadonlySet<string>> = {
  [OperationType.EXECUTION]: new Set([OperationAction.SUCCEED, OperationAction.FAIL]),
  [OperationType.CONTEXT]: new Set([OperationAction.START, OperationAction.SUCCEED, OperationAction.FAIL]),
  [OperationType.STEP]: new Set([OperationAction.START, OperationAction.SUCCEED, OperationAction.FAIL, OperationAction.RETRY]),
  [OperationType.WAIT]: new Set([OperationAction.START, OperationAction.CANCEL]),
  [OperationType.CALLBACK]: new Set([OperationAction.START, OperationAction.CANCEL]),
  [OperationType.CHAINED_INVOKE]: new Set([OperationAction.START, OperationAction.CANCEL]),
};

const MAX_ERROR_BYTES = 32_768;

/** Rejects the whole batch (nothing applied) when any update is invalid, as AWS does. */
export function validateUpdates(store: ExecutionStore, record: ExecutionRecord, updates: OperationUpdate[]): ValidUpdate[] {
  const executionUpdates = updates.filter((u) => u.Type === OperationType.EXECUTION);
  if (executionUpdates.length > 1) throw new InvalidParameterValueError("Cannot checkpoint multiple EXECUTION updates.");
  if (executionUpdates.length === 1 && updates.at(-1)?.Type !== OperationType.EXECUTION) {
    throw new InvalidParameterValueError("EXECUTION checkpoint must be the last update.");
  }
  const startedInBatch = new Map<string, string>();
  const lastSeen = new Map<string, ValidUpdate>();
  return updates.map((raw) => {
    const update = validateShape(raw);
    const previous = lastSeen.get(update.Id);
    if (previous && !(previous.Action === OperationAction.START && update.Action !== OperationAction.START &&
      (previous.Type === OperationType.STEP || previous.Type === OperationType.CONTEXT))) {
      throw new InvalidParameterValueError("Cannot update the same operation twice in a single request.");
    }
    if (update.ParentId !== undefined) {
      const parentType = startedInBatch.get(update.ParentId) ?? store.operation(record, update.ParentId)?.Type;
      if (parentType !== OperationType.CONTEXT) throw new InvalidParameterValueError("Invalid parent operation id.");
    }
    if (update.Error !== undefined && Buffer.byteLength(JSON.stringify(update)) > MAX_ERROR_BYTES) {
      throw new InvalidParameterValueError(`Error object size must be less than ${MAX_ERROR_BYTES} bytes.`);
    }
    // Within a batch, START followed by a close is allowed, so the later update sees the operation as started.
    const existing = previous ? OperationStatus.STARTED : store.operation(record, update.Id)?.Status;
    validateTransition(update, existing);
    if (update.Action === OperationAction.START) startedInBatch.set(update.Id, update.Type);
    lastSeen.set(update.Id, update);
    return update;
  });
}

function validateShape(update: OperationUpdate): ValidUpdate {
  if (!update.Id) throw new InvalidParameterValueError("Operation update must have an Id.");
  const type = update.Type as OperationType | undefined;
  if (!type || !(type in VALID_ACTIONS)) throw new InvalidParameterValueError("Unknown operation type.");
  if (!update.Action || !VALID_ACTIONS[type].has(update.Action)) {
    throw new InvalidParameterValueError("Invalid action for the given operation type.");
  }
  if (update.Action === OperationAction.FAIL && update.Payload != null) {
    throw new InvalidParameterValueError("Cannot provide a Payload for FAIL action.");
  }
  if (update.Action === OperationAction.SUCCEED && update.Error != null) {
    throw new InvalidParameterValueError("Cannot provide an Error for SUCCEED action.");
  }
  return update as ValidUpdate;
}

/** One validation per operation type; the switch fails to compile when a type is missing. */
function validateTransition(update: ValidUpdate, status: string | undefined): void {
  const exists = status !== undefined;
  switch (update.Type) {
    case OperationType.EXECUTION:
      return;
    case OperationType.STEP:
      if (update.Action === OperationAction.START && exists && status !== OperationStatus.READY && status !== OperationStatus.STARTED) {
        throw new InvalidParameterValueError("Invalid current STEP state to start.");
      }
      if ((update.Action === OperationAction.SUCCEED || update.Action === OperationAction.FAIL) && exists &&
        status !== OperationStatus.STARTED && status !== OperationStatus.READY) {
        throw new InvalidParameterValueError("Invalid current STEP state to close.");
      }
      if (update.Action === OperationAction.RETRY) {
        if (exists && status !== OperationStatus.STARTED && status !== OperationStatus.READY) {
          throw new InvalidParameterValueError("Invalid current STEP state to re-attempt.");
        }
        if (update.StepOptions == null) throw new InvalidParameterValueError("Invalid StepOptions for the given action.");
        if (update.Error != null && update.Payload != null) {
          throw new InvalidParameterValueError("Cannot provide both error and payload to RETRY a STEP.");
        }
      }
      return;
    case OperationType.CONTEXT:
      if (update.Action === OperationAction.START && exists) throw new InvalidParameterValueError("Cannot start a CONTEXT that already exists.");
      if (update.Action !== OperationAction.START && exists && status !== OperationStatus.STARTED) {
        throw new InvalidParameterValueError("Invalid current CONTEXT state to close.");
      }
      return;
    case OperationType.WAIT:
    case OperationType.CALLBACK:
    case OperationType.CHAINED_INVOKE:
      if (update.Action === OperationAction.START && exists) {
        throw new InvalidParameterValueError(`Cannot start a ${update.Type} that already exists.`);
      }
      if (update.Action === OperationAction.CANCEL && status !== OperationStatus.STARTED) {
        throw new InvalidParameterValueError(`Cannot cancel a ${update.Type} that does not exist or has already completed.`);
      }
      if (update.Type === OperationType.CHAINED_INVOKE && update.Action === OperationAction.START && !update.ChainedInvokeOptions?.FunctionName) {
        throw new InvalidParameterValueError("ChainedInvokeOptions.FunctionName is required.");
      }
      return;
    default:
      update.Type satisfies never;
  }
}

/** Applies validated updates in order, recording AWS history events. */
export function applyUpdates(ctx: ApplyContext, record: ExecutionRecord, updates: ValidUpdate[]): ApplyOutcome {
  const outcome: ApplyOutcome = { touched: [], startedInvokes: [], timed: [] };
  for (const update of updates) {
    const id = applyUpdate(ctx, record, update, outcome);
    if (!outcome.touched.includes(id)) outcome.touched.push(id);
  }
  return outcome;
}

function applyUpdate(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate, outcome: ApplyOutcome): string {
  switch (update.Type) {
    case OperationType.EXECUTION:
      return applyExecution(record, update);
    case OperationType.STEP:
      return applyStep(ctx, record, update, outcome);
    case OperationType.CONTEXT:
      return applyContext(ctx, record, update);
    case OperationType.WAIT:
      return applyWait(ctx, record, update, outcome);
    case OperationType.CALLBACK:
      return applyCallback(ctx, record, update, outcome);
    case OperationType.CHAINED_INVOKE:
      return applyChainedInvoke(ctx, record, update, outcome);
    default:
      return update.Type satisfies never;
  }
}

function createOperation(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate): StoredOperation {
  const op: StoredOperation = {
    Id: update.Id,
    Type: update.Type,
    Status: OperationStatus.STARTED,
    StartTimestamp: ctx.now,
    ...(update.ParentId !== undefined && { ParentId: update.ParentId }),
    ...(update.Name !== undefined && { Name: update.Name }),
    ...(update.SubType !== undefined && { SubType: update.SubType }),
  };
  ctx.store.addOperation(record, op);
  return op;
}

function close(op: StoredOperation, status: StoredOperation["Status"], now: number): void {
  op.Status = status;
  op.EndTimestamp = now;
}

/** The SDK checkpoints the EXECUTION itself only for oversized results; the handler's return then ends the run. */
function applyExecution(record: ExecutionRecord, update: ValidUpdate): string {
  if (update.Action === OperationAction.SUCCEED) record.result = update.Payload ?? "";
  else record.error = update.Error ?? {};
  return record.operations[0]?.Id ?? update.Id;
}

function applyStep(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate, outcome: ApplyOutcome): string {
  const op = ctx.store.operation(record, update.Id) ?? createOperation(ctx, record, update);
  const details = (op.StepDetails ??= {});
  switch (update.Action) {
    case OperationAction.START:
      op.Status = OperationStatus.STARTED;
      appendEvent(record, EventType.StepStarted, op, {}, ctx.now);
      break;
    case OperationAction.RETRY: {
      const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
      details.Attempt = (details.Attempt ?? 0) + 1;
      details.NextAttemptTimestamp = ctx.now + ctx.scaledMs(delaySeconds);
      details.Result = update.Payload;
      details.Error = update.Error;
      op.Status = OperationStatus.PENDING;
      const retryDetails = { CurrentAttempt: details.Attempt, NextAttemptDelaySeconds: delaySeconds };
      if (update.Error) {
        appendEvent(record, EventType.StepFailed, op, { Error: errorDetail(update.Error), RetryDetails: retryDetails }, ctx.now);
      } else {
        appendEvent(record, EventType.StepSucceeded, op, { Result: payloadDetail(update.Payload) ?? {}, RetryDetails: retryDetails }, ctx.now);
      }
      outcome.timed.push(op.Id);
      break;
    }
    case OperationAction.SUCCEED:
    case OperationAction.FAIL: {
      details.Attempt = (details.Attempt ?? 0) + 1;
      details.NextAttemptTimestamp = undefined;
      const succeeded = update.Action === OperationAction.SUCCEED;
      details.Result = succeeded ? update.Payload : undefined;
      details.Error = succeeded ? undefined : update.Error;
      close(op, succeeded ? OperationStatus.SUCCEEDED : OperationStatus.FAILED, ctx.now);
      const retryDetails = { CurrentAttempt: details.Attempt };
      if (succeeded) {
        appendEvent(record, EventType.StepSucceeded, op, { Result: payloadDetail(update.Payload) ?? {}, RetryDetails: retryDetails }, ctx.now);
      } else {
        appendEvent(record, EventType.StepFailed, op, { Error: errorDetail(update.Error), RetryDetails: retryDetails }, ctx.now);
      }
      break;
    }
    default:
      throw new InvalidParameterValueError("Invalid STEP action.");
  }
  return op.Id;
}

function applyContext(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate): string {
  const existing = ctx.store.operation(record, update.Id);
  const op = existing ?? createOperation(ctx, record, update);
  const replayChildren = update.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren;
  op.ContextDetails = { ...op.ContextDetails, ...(replayChildren !== undefined && { ReplayChildren: replayChildren }) };
  if (update.Action === OperationAction.START) {
    appendEvent(record, EventType.ContextStarted, op, {}, ctx.now);
  } else if (update.Action === OperationAction.SUCCEED) {
    op.ContextDetails.Result = update.Payload;
    close(op, OperationStatus.SUCCEEDED, ctx.now);
    appendEvent(record, EventType.ContextSucceeded, op, { Result: payloadDetail(update.Payload) ?? {} }, ctx.now);
  } else {
    op.ContextDetails.Error = update.Error;
    close(op, OperationStatus.FAILED, ctx.now);
    appendEvent(record, EventType.ContextFailed, op, { Error: errorDetail(update.Error) }, ctx.now);
  }
  return op.Id;
}

function applyWait(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate, outcome: ApplyOutcome): string {
  if (update.Action === OperationAction.CANCEL) {
    const op = ctx.store.operation(record, update.Id) as StoredOperation;
    close(op, OperationStatus.CANCELLED, ctx.now);
    appendEvent(record, EventType.WaitCancelled, op, { Error: errorDetail(update.Error) }, ctx.now);
    return op.Id;
  }
  const op = createOperation(ctx, record, update);
  const seconds = update.WaitOptions?.WaitSeconds ?? 0;
  op.WaitDetails = { ScheduledEndTimestamp: ctx.now + ctx.scaledMs(seconds) };
  appendEvent(record, EventType.WaitStarted, op, { Duration: seconds, ScheduledEndTimestamp: op.WaitDetails.ScheduledEndTimestamp }, ctx.now);
  outcome.timed.push(op.Id);
  return op.Id;
}

function applyCallback(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate, outcome: ApplyOutcome): string {
  if (update.Action === OperationAction.CANCEL) {
    const op = ctx.store.operation(record, update.Id) as StoredOperation;
    close(op, OperationStatus.CANCELLED, ctx.now);
    delete record.callbacks[op.Id];
    return op.Id;
  }
  const op = createOperation(ctx, record, update);
  const callbackId = newCallbackId();
  op.CallbackDetails = { CallbackId: callbackId };
  ctx.store.registerCallback(callbackId, record, op.Id);
  const timeout = update.CallbackOptions?.TimeoutSeconds;
  const heartbeat = update.CallbackOptions?.HeartbeatTimeoutSeconds;
  const heartbeatMs = heartbeat ? ctx.scaledMs(heartbeat) : undefined;
  record.callbacks[op.Id] = {
    ...(timeout ? { timeoutAt: ctx.now + ctx.scaledMs(timeout) } : {}),
    ...(heartbeatMs !== undefined ? { heartbeatAt: ctx.now + heartbeatMs, heartbeatMs } : {}),
  };
  appendEvent(record, EventType.CallbackStarted, op, {
    CallbackId: callbackId,
    Timeout: timeout,
    HeartbeatTimeout: heartbeat,
  }, ctx.now);
  outcome.timed.push(op.Id);
  return op.Id;
}

function applyChainedInvoke(ctx: ApplyContext, record: ExecutionRecord, update: ValidUpdate, outcome: ApplyOutcome): string {
  if (update.Action === OperationAction.CANCEL) {
    const op = ctx.store.operation(record, update.Id) as StoredOperation;
    close(op, OperationStatus.CANCELLED, ctx.now);
    delete record.invokes[op.Id];
    return op.Id;
  }
  const functionName = update.ChainedInvokeOptions?.FunctionName ?? "";
  const op = createOperation(ctx, record, update);
  record.invokes[op.Id] = { functionName, ...(update.Payload !== undefined && { payload: update.Payload }) };
  appendEvent(record, EventType.ChainedInvokeStarted, op, {
    FunctionName: functionName,
    TenantId: update.ChainedInvokeOptions?.TenantId,
    Input: payloadDetail(update.Payload) ?? {},
  }, ctx.now);
  outcome.startedInvokes.push(op.Id);
  return op.Id;
}
