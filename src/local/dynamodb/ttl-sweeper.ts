/**
 * Time to live, which dynalite ignores: every few seconds, delete the items of each table
 * with TimeToLiveSpecification whose TTL attribute (a Number, epoch seconds) is in the
 * past, as DynamoDB does in the background. As in DynamoDB, items whose TTL attribute is
 * not a number, or lies more than five years in the past, are left alone, and the deletes
 * consume no capacity. Each delete goes through dynalite's DeleteItem (item lock, index
 * upkeep) on the condition that the item is still expired, so an item renewed meanwhile stays.
 */
import { dynaliteAction, getTable, isDynaliteError, runAction, type Store, type WireItem } from "./dynalite";
import { itemStoreKey } from "./store-keys";
import { isConditionalCheckFailed } from "./wire-errors";

export interface TimeToLiveTable {
  tableName: string;
  attributeName: string;
}

const FIVE_YEARS_SECONDS = 5 * 365 * 24 * 60 * 60;
/** How often the local stack sweeps: "every few seconds" keeps tables bounded without busy work. */
export const TTL_SWEEP_INTERVAL_MS = 5_000;

const deleteItem = dynaliteAction("DeleteItem");

export class TimeToLiveSweeper {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<number> | undefined;

  constructor(
    private readonly store: Store,
    private readonly tables: readonly TimeToLiveTable[],
    private readonly now: () => number = Date.now,
  ) {}

  /** Sweeps every `intervalMs` until stopped; the timer does not keep the process alive. */
  start(intervalMs: number): void {
    if (this.tables.length === 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping?.catch(() => undefined);
  }

  /** Deletes what has expired now; resolves to how many items were deleted. One sweep at a time. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepAll().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepAll(): Promise<number> {
    const nowSeconds = Math.floor(this.now() / 1000);
    let deleted = 0;
    for (const table of this.tables) deleted += await this.sweepTable(table, nowSeconds);
    return deleted;
  }

  private async sweepTable({ tableName, attributeName }: TimeToLiveTable, nowSeconds: number): Promise<number> {
    const table = await getTable(this.store, tableName);
    const keyNames = table.KeySchema.map((k) => k.AttributeName);
    const prefix = itemStoreKey(tableName, "");
    const expiredKeys: WireItem[] = [];
    for await (const [, value] of this.store.db.iterator({ gte: prefix, lt: `${prefix}\xff` })) {
      const item = value as WireItem;
      const expiresAt = Number(item[attributeName]?.N);
      if (expiresAt < nowSeconds && expiresAt > nowSeconds - FIVE_YEARS_SECONDS) {
        expiredKeys.push(Object.fromEntries(keyNames.map((name) => [name, item[name]!])));
      }
    }
    let deleted = 0;
    for (const Key of expiredKeys) {
      try {
        await runAction(deleteItem, this.store, {
          TableName: tableName,
          Key,
          Expected: { [attributeName]: { ComparisonOperator: "LT", AttributeValueList: [{ N: String(nowSeconds) }] } },
        });
        deleted++;
      } catch (error) {
        if (!(isDynaliteError(error) && isConditionalCheckFailed(error))) throw error;
      }
    }
    return deleted;
  }
}
