/**
 * TransactWriteItems' ClientRequestToken: for 10 minutes after a transaction with a token
 * committed, the same token with the same actions succeeds again without writing anything,
 * and with other actions fails with IdempotentParameterMismatchException.
 *
 * A token is written in the same atomic batch as the transaction's items, so a crash can
 * never keep the items and lose the token (or the reverse). Expired tokens are deleted in
 * later batches.
 */
import { createHash } from "node:crypto";
import type { BatchOperation, Store } from "./dynalite";

const TOKEN_PREFIX = "local-transaction-token~";
export const IDEMPOTENCY_WINDOW_MS = 10 * 60 * 1000;

interface TokenRecord {
  digest: string;
  completedAt: number;
}

export class ClientRequestTokens {
  /** completedAt by token, for every token kept in the store. */
  private readonly known = new Map<string, number>();
  /** One request per token at a time, so a retry waits for the original to finish. */
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly store: Store, private readonly now: () => number = Date.now) {}

  /** Reads the tokens a data folder already holds. */
  async load(): Promise<void> {
    for await (const [key, value] of this.store.db.iterator({ gte: TOKEN_PREFIX, lt: `${TOKEN_PREFIX}\xff` })) {
      this.known.set(key.slice(TOKEN_PREFIX.length), (value as TokenRecord).completedAt);
    }
  }

  async serialised<T>(token: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(token) ?? Promise.resolve();
    let finish!: () => void;
    const done = new Promise<void>((resolvePromise) => (finish = resolvePromise));
    const mine = previous.then(() => done);
    this.queues.set(token, mine);
    await previous;
    try {
      return await run();
    } finally {
      finish();
      if (this.queues.get(token) === mine) this.queues.delete(token);
    }
  }

  /** The digest of the request that used this token within the window, if any. */
  async lookup(token: string): Promise<string | undefined> {
    const completedAt = this.known.get(token);
    if (completedAt === undefined || this.now() - completedAt >= IDEMPOTENCY_WINDOW_MS) return undefined;
    const record = await new Promise<TokenRecord | undefined>((resolvePromise, reject) => {
      this.store.db.get(TOKEN_PREFIX + token, (error, value) => {
        if (error && error.name !== "NotFoundError") reject(error);
        else resolvePromise(error ? undefined : (value as TokenRecord | undefined));
      });
    });
    return record?.digest;
  }

  /** The batch operations that record `token` (and drop expired ones); call `committed` once written. */
  record(token: string, digest: string): { operations: BatchOperation[]; committed: () => void } {
    const completedAt = this.now();
    const expired = [...this.known].filter(([, at]) => completedAt - at >= IDEMPOTENCY_WINDOW_MS).map(([t]) => t);
    const operations: BatchOperation[] = [
      ...expired.filter((t) => t !== token).map((t): BatchOperation => ({ type: "del", key: TOKEN_PREFIX + t })),
      { type: "put", key: TOKEN_PREFIX + token, value: { digest, completedAt } satisfies TokenRecord },
    ];
    return {
      operations,
      committed: () => {
        for (const t of expired) this.known.delete(t);
        this.known.set(token, completedAt);
      },
    };
  }
}

/** What must match for a repeat to count as the same request: the actions, parsed expressions left out. */
export function requestDigest(transactItems: unknown): string {
  const json = JSON.stringify(transactItems, (key, value: unknown) => (key.startsWith("_") ? undefined : value));
  return createHash("sha256").update(json).digest("hex");
}
