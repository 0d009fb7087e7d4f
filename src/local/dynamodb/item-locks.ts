/**
 * Locks items for a transaction with the same per-table locks dynalite's own writes take
 * (`itemDb.lock(key)`), so a transaction excludes PutItem, UpdateItem and DeleteItem on its
 * items as well as other transactions. All keys of one table are queued at once (the lock
 * queues them in one synchronous step) and tables are taken in name order, so two
 * transactions can never each hold what the other waits for.
 */
import type { Store } from "./dynalite";

export interface ItemRef {
  tableName: string;
  /** dynalite's key of the item within its table (db.createKey). */
  key: string;
}

export async function lockItems(store: Store, items: readonly ItemRef[]): Promise<() => void> {
  const keysByTable = new Map<string, string[]>();
  for (const { tableName, key } of items) keysByTable.set(tableName, [...(keysByTable.get(tableName) ?? []), key]);
  const unlocks: Array<() => void> = [];
  for (const tableName of [...keysByTable.keys()].sort()) {
    const keys = keysByTable.get(tableName)!;
    unlocks.push(await new Promise<() => void>((resolvePromise) => {
      store.getItemDb(tableName).lock(keys, (release) => resolvePromise(release(() => undefined)));
    }));
  }
  return () => {
    for (const unlock of unlocks.reverse()) unlock();
  };
}
