/**
 * TransactWriteItems: up to 100 Put, Update, Delete and ConditionCheck actions on items of
 * any tables, all applied or none.
 *
 * 1. Each action is validated with dynalite's own validation of PutItem, UpdateItem or
 *    DeleteItem, so expression errors read exactly like theirs.
 * 2. Its items are locked (./item-locks), so no other write or transaction touches them
 *    until this one is done; every condition then sees the state before the transaction.
 * 3. Each action runs through dynalite's own PutItem, UpdateItem or DeleteItem against a
 *    staging store that reads the locked items and records writes instead of making them
 *    (item and secondary index entries alike).
 * 4. If every action passed, the recorded writes go to the database in one atomic batch;
 *    otherwise nothing is written and TransactionCanceledException gives a reason per action.
 */
import { dynaliteAction, dynaliteDb, dynaliteValidation, getItem, isDynaliteError, runAction, type BatchOperation, type DynaliteAction, type RequestData, type Store, type SubDb, type Validation, type WireItem } from "./dynalite";
import { ClientRequestTokens, requestDigest } from "./client-request-tokens";
import { lockItems } from "./item-locks";
import { failed, succeeded, transactionConsumedCapacity, type OperationOutcome } from "./outcome";
import { indexStoreKey, itemStoreKey, writeBatch } from "./store-keys";
import { multipleOperationsOnOneItem, pickTypes, resolveItem, RETURN_CONSUMED_CAPACITY_TYPE, transactionalRead, transactionalWrite, transactItemsType, type ResolvedItem } from "./transaction-items";
import { idempotentParameterMismatch, isConditionalCheckFailed, transactionCanceled, type CancellationReason } from "./wire-errors";

const ACTION_KINDS = ["ConditionCheck", "Put", "Delete", "Update"] as const;
type ActionKind = (typeof ACTION_KINDS)[number];
type TransactWriteItem = Partial<Record<ActionKind, RequestData>>;

const putItem = dynaliteValidation("PutItem");
const updateItem = dynaliteValidation("UpdateItem");
const deleteItem = dynaliteValidation("DeleteItem");

const EXPRESSION_MEMBERS = ["ConditionExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"] as const;
const REQUIRED_STRING = { type: "String", notNull: true };
const RETURN_VALUES_ON_FAILURE = { ReturnValuesOnConditionCheckFailure: { type: "String", enum: ["ALL_OLD", "NONE"] } };

const ACTION_SHAPES: Record<ActionKind, Record<string, unknown>> = {
  ConditionCheck: pickTypes(deleteItem.types, ["TableName", "Key", ...EXPRESSION_MEMBERS], { ConditionExpression: REQUIRED_STRING, ...RETURN_VALUES_ON_FAILURE }),
  Put: pickTypes(putItem.types, ["TableName", "Item", ...EXPRESSION_MEMBERS], RETURN_VALUES_ON_FAILURE),
  Delete: pickTypes(deleteItem.types, ["TableName", "Key", ...EXPRESSION_MEMBERS], RETURN_VALUES_ON_FAILURE),
  Update: pickTypes(updateItem.types, ["TableName", "Key", ...EXPRESSION_MEMBERS], { UpdateExpression: REQUIRED_STRING, ...RETURN_VALUES_ON_FAILURE }),
};

/** A ConditionCheck validates like a DeleteItem: a key and a condition. */
const ACTION_VALIDATIONS: Record<ActionKind, Validation["custom"]> = {
  ConditionCheck: deleteItem.custom,
  Put: putItem.custom,
  Delete: deleteItem.custom,
  Update: updateItem.custom,
};

const ACTIONS: Record<Exclude<ActionKind, "ConditionCheck">, DynaliteAction> = {
  Put: dynaliteAction("PutItem"),
  Delete: dynaliteAction("DeleteItem"),
  Update: dynaliteAction("UpdateItem"),
};

export const transactWriteItemsValidation: Validation = {
  types: {
    ClientRequestToken: { type: "String", lengthGreaterThanOrEqual: 1, lengthLessThanOrEqual: 36 },
    ReturnConsumedCapacity: RETURN_CONSUMED_CAPACITY_TYPE,
    ReturnItemCollectionMetrics: { type: "String", enum: ["SIZE", "NONE"] },
    TransactItems: transactItemsType("TransactWriteItem", ACTION_SHAPES),
  },
  custom: (data, store) => {
    for (const entry of data.TransactItems as TransactWriteItem[]) {
      const kinds = ACTION_KINDS.filter((kind) => entry[kind] != null);
      if (kinds.length !== 1) return "TransactItems can only contain one of Check, Put, Update or Delete";
      const message = ACTION_VALIDATIONS[kinds[0]!]?.(entry[kinds[0]!]!, store);
      if (message) return message;
    }
    return undefined;
  },
};

interface WriteAction extends ResolvedItem {
  kind: ActionKind;
  request: RequestData;
}

interface StagedAction {
  reason: CancellationReason;
  operations: BatchOperation[];
  /** The item as the action leaves it (undefined when deleted or unchanged). */
  after?: WireItem;
}

const NONE: CancellationReason = { Code: "None" };

export async function transactWriteItems(store: Store, tokens: ClientRequestTokens, data: RequestData): Promise<OperationOutcome> {
  const actions: WriteAction[] = [];
  for (const entry of data.TransactItems as TransactWriteItem[]) {
    const kind = ACTION_KINDS.find((k) => entry[k] != null)!;
    const request = entry[kind]!;
    const resolved = await resolveItem(store, request.TableName as string, (kind === "Put" ? request.Item : request.Key) as WireItem, kind === "Put");
    if (isDynaliteError(resolved)) return failed(resolved);
    const invalidUpdate = kind === "Update" ? dynaliteDb.validateUpdates(undefined, request._updates, resolved.table) : undefined;
    if (invalidUpdate) return failed(invalidUpdate);
    actions.push({ ...resolved, kind, request });
  }
  const duplicate = multipleOperationsOnOneItem(actions);
  if (duplicate) return failed(duplicate);

  const token = data.ClientRequestToken as string | undefined;
  const digest = token ? requestDigest(data.TransactItems) : "";
  const run = async (): Promise<OperationOutcome> => {
    const unlock = await lockItems(store, actions);
    try {
      const before = await Promise.all(actions.map((action) => getItem(store, action.tableName, action.key)));
      const previousDigest = token ? await tokens.lookup(token) : undefined;
      if (previousDigest !== undefined) {
        if (previousDigest !== digest) return failed(idempotentParameterMismatch());
        // Already applied: DynamoDB answers success again and charges reading the items.
        const consumed = actions.map((action, i) => transactionalRead(action.tableName, before[i]));
        return succeeded(transactionConsumedCapacity(data.ReturnConsumedCapacity, consumed), consumed);
      }

      const staged = await Promise.all(actions.map((action, i) => stage(store, action, before[i])));
      if (staged.some((s) => s.reason.Code !== "None")) {
        const consumed = actions.map((action, i) => transactionalWrite(action.tableName, before[i], undefined));
        return failed(transactionCanceled(staged.map((s) => s.reason)), consumed);
      }
      const tokenRecord = token ? tokens.record(token, digest) : undefined;
      await writeBatch(store, [...staged.flatMap((s) => s.operations), ...(tokenRecord?.operations ?? [])]);
      tokenRecord?.committed();
      const consumed = actions.map((action, i) => transactionalWrite(action.tableName, before[i], staged[i]!.after));
      return succeeded(transactionConsumedCapacity(data.ReturnConsumedCapacity, consumed), consumed);
    } finally {
      unlock();
    }
  };
  return token ? tokens.serialised(token, run) : run();
}

async function stage(store: Store, action: WriteAction, before: WireItem | undefined): Promise<StagedAction> {
  const { kind, request } = action;
  if (kind === "ConditionCheck") {
    return { reason: dynaliteDb.checkConditional(request, before) ? conditionFailed(request, before) : NONE, operations: [] };
  }
  const operations: BatchOperation[] = [];
  try {
    await runAction(ACTIONS[kind], stagingStore(store, before, operations), request);
  } catch (error) {
    if (!isDynaliteError(error)) throw error;
    if (isConditionalCheckFailed(error)) return { reason: conditionFailed(request, before), operations: [] };
    // What only the item's data can make invalid, e.g. arithmetic on a string attribute.
    if (error.body.__type.endsWith("#ValidationException")) {
      return { reason: { Code: "ValidationError", Message: error.body.message ?? error.message }, operations: [] };
    }
    throw error;
  }
  const itemKey = itemStoreKey(action.tableName, action.key);
  const after = operations.find((op) => op.type === "put" && op.key === itemKey)?.value as WireItem | undefined;
  return { reason: NONE, operations, ...(after ? { after } : {}) };
}

function conditionFailed(request: RequestData, before: WireItem | undefined): CancellationReason {
  return {
    Code: "ConditionalCheckFailed",
    Message: "The conditional request failed",
    ...(request.ReturnValuesOnConditionCheckFailure === "ALL_OLD" && before ? { Item: before } : {}),
  };
}

/**
 * A store for one of dynalite's write actions: it reads the one (already locked) item the
 * action is about and records the action's item and index writes as batch operations.
 */
function stagingStore(store: Store, before: WireItem | undefined, sink: BatchOperation[]): Store {
  const recorder = (storeKey: (key: string) => string): SubDb => ({
    lock: (_keys, exec) => exec((done) => done),
    get: (_key, callback) => setImmediate(callback, null, before),
    put: (key, value, callback) => {
      sink.push({ type: "put", key: storeKey(key), value });
      setImmediate(callback, null);
    },
    del: (key, callback) => {
      sink.push({ type: "del", key: storeKey(key) });
      setImmediate(callback, null);
    },
  });
  return {
    options: store.options,
    db: store.db,
    getTable: store.getTable,
    getItemDb: (tableName) => recorder((key) => itemStoreKey(tableName, key)),
    getIndexDb: (indexType, tableName, indexName) => recorder((key) => indexStoreKey(indexType, tableName, indexName, key)),
  };
}
