/**
 * Reading DynamoDB's answer to a `TransactWriteItems` that did not go through.
 *
 * A cancelled transaction carries one reason per action, in order: `None`,
 * `ConditionalCheckFailed`, or a transient one such as `TransactionConflict` (another
 * transaction held one of the items: two orders of the same best-seller at once).
 * Errors are compared by name because a bundle may hold two copies of the SDK.
 */

/** Reasons that say "try the same transaction again shortly", not "your conditions failed". */
const TRANSIENT_REASONS: ReadonlySet<string> = new Set(["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"]);
const TRANSIENT_ERRORS: ReadonlySet<string> = new Set(["TransactionConflictException", "TransactionInProgressException"]);

export const TRANSACTION_RETRY = {
  maxAttempts: 6,
  baseDelayMs: 20,
  maxDelayMs: 500,
} as const;

export function isTransactionCanceled(error: unknown): error is Error & { CancellationReasons?: Array<{ Code?: string }> } {
  return error instanceof Error && error.name === "TransactionCanceledException";
}

/** The reason code of each action, in the order the actions were sent. */
export function cancellationCodes(error: unknown): string[] {
  if (!isTransactionCanceled(error)) return [];
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? "None");
}

/** True when the whole transaction should simply be sent again (no condition of ours failed). */
export function isRetryableTransactionFailure(error: unknown): boolean {
  if (error instanceof Error && TRANSIENT_ERRORS.has(error.name)) return true;
  const codes = cancellationCodes(error);
  return codes.some((code) => TRANSIENT_REASONS.has(code)) && !codes.includes("ConditionalCheckFailed");
}

/** Full-jitter exponential backoff, so colliding orders spread out instead of colliding again. */
export function transactionBackoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(TRANSACTION_RETRY.maxDelayMs, TRANSACTION_RETRY.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}
