/**
 * Every operation the local DynamoDB serves: dynalite's own, metered, and the two
 * transaction operations it lacks. One entry per X-Amz-Target name; the `satisfies`
 * clause makes a missing operation a compile error.
 */
import type { ClientRequestTokens } from "./client-request-tokens";
import { dynaliteAction, dynaliteDb, dynaliteValidation, getItem, getTable, isDynaliteError, runAction, type DynaliteOperationName, type RequestData, type Store, type Validation, type WireItem } from "./dynalite";
import { dynamoItemSize, writeCapacityUnits } from "./item-size";
import { failed, succeeded, type ConsumedUnits, type OperationOutcome } from "./outcome";
import { transactGetItems, transactGetItemsValidation } from "./transact-get-items";
import { transactWriteItems, transactWriteItemsValidation } from "./transact-write-items";
import { isConditionalCheckFailed } from "./wire-errors";

export interface OperationContext {
  store: Store;
  tokens: ClientRequestTokens;
}

export interface Operation {
  validation: Validation;
  serve(context: OperationContext, data: RequestData): Promise<OperationOutcome>;
}

type CapacityKind = "read" | "write" | "none";

/**
 * A dynalite operation, always asked for its consumed capacity so the meter sees it; the
 * reply carries ConsumedCapacity only when the caller asked for it.
 */
function dynaliteOperation(name: DynaliteOperationName, kind: CapacityKind): Operation {
  const action = dynaliteAction(name);
  const validation = dynaliteValidation(name);
  return {
    validation,
    serve: async ({ store }, data) => {
      const callerAsked = data.ReturnConsumedCapacity === "TOTAL" || data.ReturnConsumedCapacity === "INDEXES";
      if (kind !== "none" && !callerAsked) data.ReturnConsumedCapacity = "TOTAL";
      try {
        const body = await runAction(action, store, data);
        const consumed = unitsFromReply(body.ConsumedCapacity, kind);
        if (!callerAsked) delete body.ConsumedCapacity;
        return succeeded(body, consumed);
      } catch (error) {
        if (!isDynaliteError(error)) throw error;
        return failed(error, kind === "write" && isConditionalCheckFailed(error) ? await failedConditionalWrite(store, data) : []);
      }
    },
  };
}

function unitsFromReply(consumedCapacity: unknown, kind: CapacityKind): ConsumedUnits[] {
  if (kind === "none" || consumedCapacity == null) return [];
  const entries = (Array.isArray(consumedCapacity) ? consumedCapacity : [consumedCapacity]) as Array<{ TableName: string; CapacityUnits: number }>;
  return entries.map(({ TableName, CapacityUnits }) => ({
    tableName: TableName,
    readUnits: kind === "read" ? CapacityUnits : 0,
    writeUnits: kind === "write" ? CapacityUnits : 0,
  }));
}

/** DynamoDB charges a failed conditional write by the size of the existing item, at least 1 unit. */
async function failedConditionalWrite(store: Store, data: RequestData): Promise<ConsumedUnits[]> {
  const tableName = data.TableName as string;
  const table = await getTable(store, tableName);
  const existing = await getItem(store, tableName, dynaliteDb.createKey((data.Item ?? data.Key) as WireItem, table));
  return [{ tableName, readUnits: 0, writeUnits: writeCapacityUnits(existing ? dynamoItemSize(existing) : 0) }];
}

export const OPERATIONS = {
  BatchGetItem: dynaliteOperation("BatchGetItem", "read"),
  BatchWriteItem: dynaliteOperation("BatchWriteItem", "write"),
  CreateTable: dynaliteOperation("CreateTable", "none"),
  DeleteItem: dynaliteOperation("DeleteItem", "write"),
  DeleteTable: dynaliteOperation("DeleteTable", "none"),
  DescribeTable: dynaliteOperation("DescribeTable", "none"),
  DescribeTimeToLive: dynaliteOperation("DescribeTimeToLive", "none"),
  GetItem: dynaliteOperation("GetItem", "read"),
  ListTables: dynaliteOperation("ListTables", "none"),
  ListTagsOfResource: dynaliteOperation("ListTagsOfResource", "none"),
  PutItem: dynaliteOperation("PutItem", "write"),
  Query: dynaliteOperation("Query", "read"),
  Scan: dynaliteOperation("Scan", "read"),
  TagResource: dynaliteOperation("TagResource", "none"),
  UntagResource: dynaliteOperation("UntagResource", "none"),
  UpdateItem: dynaliteOperation("UpdateItem", "write"),
  UpdateTable: dynaliteOperation("UpdateTable", "none"),
  TransactWriteItems: {
    validation: transactWriteItemsValidation,
    serve: ({ store, tokens }, data) => transactWriteItems(store, tokens, data),
  },
  TransactGetItems: {
    validation: transactGetItemsValidation,
    serve: ({ store }, data) => transactGetItems(store, data),
  },
} satisfies Record<DynaliteOperationName | "TransactWriteItems" | "TransactGetItems", Operation>;

export type OperationName = keyof typeof OPERATIONS;

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name);
}

/** The tables a request names (for counting requests per table), read defensively from the raw body. */
export function tableNamesOf(body: unknown): string[] {
  if (body === null || typeof body !== "object") return [];
  const { TableName, RequestItems, TransactItems } = body as Record<string, unknown>;
  const names = new Set<string>();
  if (typeof TableName === "string") names.add(TableName);
  if (RequestItems && typeof RequestItems === "object") for (const name of Object.keys(RequestItems)) names.add(name);
  if (Array.isArray(TransactItems)) {
    for (const entry of TransactItems) {
      if (!entry || typeof entry !== "object") continue;
      for (const action of Object.values(entry as Record<string, unknown>)) {
        const name = action && typeof action === "object" ? (action as Record<string, unknown>).TableName : undefined;
        if (typeof name === "string") names.add(name);
      }
    }
  }
  return [...names];
}
