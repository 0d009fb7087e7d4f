/**
 * What TransactWriteItems and TransactGetItems share: the request shape, built from the
 * per-operation shapes dynalite already validates (so errors name the same constraints and
 * paths as DynamoDB's, e.g. `transactItems.1.member.put.tableName`), and resolving each
 * action to its table and item key.
 */
import { dynaliteDb, getTable, isDynaliteError, type DynaliteError, type Store, type TableDescription, type WireItem } from "./dynalite";
import { dynamoItemSize, readCapacityUnits, TRANSACTION_COST_FACTOR, writeCapacityUnits } from "./item-size";
import type { ItemRef } from "./item-locks";
import type { ConsumedUnits } from "./outcome";
import { validationException } from "./wire-errors";

export const MAX_TRANSACTION_ITEMS = 100;

export const RETURN_CONSUMED_CAPACITY_TYPE = { type: "String", enum: ["INDEXES", "TOTAL", "NONE"] } as const;

/** The named members of one of dynalite's operation shapes. */
export function pickTypes(types: Record<string, unknown>, names: readonly string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...Object.fromEntries(names.map((name) => [name, types[name]])), ...overrides };
}

/** `TransactItems`: 1 to 100 members, each a structure of the given action shapes. */
export function transactItemsType(memberShape: string, actions: Record<string, Record<string, unknown>>, requiredAction?: string): Record<string, unknown> {
  return {
    type: "List",
    notNull: true,
    lengthGreaterThanOrEqual: 1,
    lengthLessThanOrEqual: MAX_TRANSACTION_ITEMS,
    children: {
      type: `ValueStruct<${memberShape}>`,
      children: Object.fromEntries(Object.entries(actions).map(([name, children]) => [
        name,
        { type: `FieldStruct<${name}>`, children, ...(name === requiredAction ? { notNull: true } : {}) },
      ])),
    },
  };
}

export interface ResolvedItem extends ItemRef {
  table: TableDescription;
}

/**
 * The table and key of one action, or the error DynamoDB answers the whole request with
 * (unknown table, key not matching the schema).
 */
export async function resolveItem(store: Store, tableName: string, keyOrItem: WireItem, isWholeItem: boolean): Promise<ResolvedItem | DynaliteError> {
  let table: TableDescription;
  try {
    table = await getTable(store, tableName);
  } catch (error) {
    if (isDynaliteError(error)) return error;
    throw error;
  }
  const invalid = isWholeItem ? dynaliteDb.validateItem(keyOrItem, table) : dynaliteDb.validateKey(keyOrItem, table);
  if (invalid) return invalid;
  return { tableName, table, key: dynaliteDb.createKey(keyOrItem, table) };
}

export function multipleOperationsOnOneItem(items: readonly ItemRef[]): DynaliteError | undefined {
  const seen = new Set<string>();
  for (const { tableName, key } of items) {
    const id = `${tableName}~${key}`;
    if (seen.has(id)) return validationException("Transaction request cannot include multiple operations on one item");
    seen.add(id);
  }
  return undefined;
}

/** Twice a standard write of the larger of the item before and after (a cancelled action: as it was). */
export function transactionalWrite(tableName: string, before: WireItem | undefined, after: WireItem | undefined): ConsumedUnits {
  const bytes = Math.max(before ? dynamoItemSize(before) : 0, after ? dynamoItemSize(after) : 0);
  return { tableName, readUnits: 0, writeUnits: TRANSACTION_COST_FACTOR * writeCapacityUnits(bytes) };
}

export function transactionalRead(tableName: string, item: WireItem | undefined): ConsumedUnits {
  return { tableName, readUnits: TRANSACTION_COST_FACTOR * readCapacityUnits(item ? dynamoItemSize(item) : 0, true), writeUnits: 0 };
}
