/**
 * Every retry, wait and completion policy of the workflow, named and in one place.
 *
 * The rule behind them: business outcomes (invalid order, out of stock, declined card,
 * an illegal status transition) are decided once and never retried; transient trouble
 * (throttling, timeouts, a worker that threw) is retried with exponential backoff.
 * Workers return business outcomes as data (`{ ok: false }`), so anything a worker
 * throws is transient by construction. The SDK's own default (6 attempts for any error)
 * is never relied on.
 */
import {
  createRetryStrategy,
  createWaitStrategy,
  JitterStrategy,
  type CompletionConfig,
  type RetryDecision,
} from "@aws/durable-execution-sdk-js";

type RetryStrategy = (error: Error, attemptCount: number) => RetryDecision;

/**
 * Error names that state a decision, not a failure of infrastructure; retrying cannot
 * change them. Error classes do not survive checkpoints, but names do.
 */
export const NON_RETRYABLE_ERROR_NAMES: ReadonlySet<string> = new Set([
  "IllegalStatusTransitionError",
  "ValidationError",
  "OrderNotFoundError",
  "MoneyFormatError",
  "MissingEnvironmentError",
  "WorkflowConfigError",
]);

/** Wraps a backoff strategy so that business errors stop at the first attempt. */
function transientOnly(strategy: RetryStrategy): RetryStrategy {
  return (error, attempt) => (NON_RETRYABLE_ERROR_NAMES.has(error.name) ? { shouldRetry: false } : strategy(error, attempt));
}

/** Steps that read or write DynamoDB (status writes, order record, invoice): 5 attempts, 1 s → 30 s. */
export const DATA_STEP_RETRY: RetryStrategy = transientOnly(
  createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 }, maxDelay: { seconds: 30 }, backoffRate: 2, jitter: JitterStrategy.HALF }),
);

/**
 * A worker call made with `context.invoke` (which has no retry option of its own; it is
 * wrapped in `withRetry`): 4 attempts, 2 s → 60 s. A worker's `{ ok: false }` answer is a
 * result, not an error, so it never reaches this strategy.
 */
export const WORKER_INVOKE_RETRY: RetryStrategy = createRetryStrategy({
  maxAttempts: 4,
  initialDelay: { seconds: 2 },
  maxDelay: { seconds: 60 },
  backoffRate: 2,
  jitter: JitterStrategy.HALF,
});

/**
 * Compensations must not give up easily: money and stock depend on them. 8 attempts,
 * 5 s → 5 min (about 15 minutes in all); after that the order records the compensation
 * as failed for a person to finish.
 */
export const COMPENSATION_RETRY: RetryStrategy = createRetryStrategy({
  maxAttempts: 8,
  initialDelay: { seconds: 5 },
  maxDelay: { minutes: 5 },
  backoffRate: 2,
  jitter: JitterStrategy.HALF,
});

/** Risk checks are pure rules over the order: a thrown error is a bug, so one attempt. */
export const RISK_CHECK_RETRY: RetryStrategy = () => ({ shouldRetry: false });

/** Notification and loyalty points are best effort: 3 attempts, then the order completes without them. */
export const BEST_EFFORT_RETRY: RetryStrategy = transientOnly(
  createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 2 }, maxDelay: { seconds: 10 }, backoffRate: 2 }),
);

/**
 * Carrier pickup polling: first poll after 60 s, doubling to at most 15 min, for
 * `maxPolls` polls (PICKUP_MAX_POLLS). When they run out the SDK fails the operation.
 */
export function pickupWaitStrategy(maxPolls: number) {
  return createWaitStrategy<PickupPollState>({
    maxAttempts: maxPolls,
    initialDelay: { seconds: 60 },
    maxDelay: { minutes: 15 },
    backoffRate: 2,
    jitter: JitterStrategy.NONE,
    shouldContinuePolling: (state) => !state.ready,
  });
}

/** The durable state of the pickup poll (see phases/shipping.ts). */
export interface PickupPollState {
  polls: number;
  ready: boolean;
  /** The last poll's transient error, if it had one; a failed poll counts as "not yet". */
  lastError?: string;
}

/**
 * Preparation waits for all four branches even when one fails: a branch dropped
 * mid-flight (the SDK's zero-tolerance default) could hide an authorization that did
 * happen, and that authorization must be voided.
 */
export const PREPARATION_COMPLETION: CompletionConfig = { toleratedFailurePercentage: 100 };

/** Every item must be picked: one failed pick fails the batch. */
export const PICKING_COMPLETION: CompletionConfig = { toleratedFailureCount: 0 };

/** Pickers working on one order at the same time. */
export const PICKING_MAX_CONCURRENCY = 5;
