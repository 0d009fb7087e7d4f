/**
 * Where dynalite keeps things: one database (LevelDB with a data folder, memory-level
 * otherwise) holds every table's items and index entries under key prefixes
 * (dynalite/db/index.js, getSubDb). Because it is one database, one `batch` writes items
 * of several tables and their index entries atomically: LevelDB logs a batch as one
 * record, so after a crash either all of it is there or none of it.
 */
import type { BatchOperation, Store, WireItem } from "./dynalite";

const ITEM_PREFIX = "item-";

export function itemStoreKey(tableName: string, itemKey: string): string {
  return `${ITEM_PREFIX}${tableName}~${itemKey}`;
}

export function indexStoreKey(indexType: "Local" | "Global", tableName: string, indexName: string, entryKey: string): string {
  return `index-${indexType.toLowerCase()}~${tableName}~${indexName}~${entryKey}`;
}

export function writeBatch(store: Store, operations: BatchOperation[]): Promise<void> {
  if (operations.length === 0) return Promise.resolve();
  return new Promise((resolvePromise, reject) => store.db.batch(operations, (error) => (error ? reject(error) : resolvePromise())));
}

/** Calls `observer` with every item written to any table, whoever writes it (dynalite's actions or ours). */
export function observeItemWrites(store: Store, observer: (tableName: string, item: WireItem) => void): void {
  const notify = (key: string, value: unknown) => {
    if (!key.startsWith(ITEM_PREFIX) || value == null) return;
    observer(key.slice(ITEM_PREFIX.length, key.indexOf("~")), value as WireItem);
  };
  const db = store.db;
  const put = db.put.bind(db);
  const batch = db.batch.bind(db);
  db.put = (key, value, callback) => {
    notify(key, value);
    put(key, value, callback);
  };
  db.batch = (operations, callback) => {
    for (const operation of operations) if (operation.type === "put") notify(operation.key, operation.value);
    batch(operations, callback);
  };
}
