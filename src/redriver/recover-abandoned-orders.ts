/**
 * Finds orders whose workflow ended without deciding them, and decides them.
 *
 * A durable execution that is stopped (an operator, the console's Stop), reaches its
 * ExecutionTimeout, or fails on a bug ends without running the saga, so its order would
 * stay at its last status with stock and money still held. Two ways find such orders:
 * stopped and timed-out executions, which Lambda lists (rare, so the list is short);
 * and, for everything else, any order still in flight once it is older than the
 * ExecutionTimeout, when no execution of it can still be running. An operator can also
 * name orders to look at now (the UnexplainedFailures alarm says when).
 *
 * Each order is read again and its execution asked about before anything is done; the
 * undo calls are the workers' own idempotent actions and the `failed` status is written
 * last, so a run that dies half way is finished by the next one.
 */
import { getExecutionStatus, invokeWorkerFunction, LambdaCallError, listWorkflowExecutions, orderIdOfExecution, durableExecutionName, type DurableExecutionStatus } from "../adapters/lambda";
import { appendCompensation, getOrder, listWatchedOrders, recordStatus, watchShards, type CompensationEntry, type OrderRecord } from "../adapters/orders-repository";
import { IllegalStatusTransitionError } from "../domain/errors";
import { abandonedFailureReason, recoveryPlanFor, type EndedExecutionStatus, type RecoveryUndo } from "../domain/recovery";
import { countMetric } from "../observability/metrics";
import type { InventoryRequest, InventoryResponse, PaymentRequest, PaymentResponse } from "../workers/contracts";
import type { RecoveryConfig } from "./config";

/** What a run did. `found` counts orders in flight whose execution had ended. */
export interface RecoveryReport {
  found: number;
  /** Compensated and recorded `failed`. */
  failed: number;
  /** Already shipped: recorded `completed`, nothing taken back. */
  completed: number;
  /** Left for the next run (a worker or Lambda call that kept failing). */
  deferred: number;
  /** True when the run stopped at maxRecoveriesPerRun with more to look at. */
  truncated: boolean;
}

type Outcome = "failed" | "completed" | "deferred" | "not-abandoned";

/** Executions that end these ways are listed by Lambda; failed ones are too many to list (most are orders the workflow decided). */
const LISTED_ENDINGS: readonly DurableExecutionStatus[] = ["STOPPED", "TIMED_OUT"];

export async function recoverAbandonedOrders(config: RecoveryConfig, now: Date = new Date()): Promise<RecoveryReport> {
  const run = new RecoveryRun(config, now);
  const startedAfter = new Date(now.getTime() - config.endedLookbackMs);
  let marker: string | undefined;
  do {
    const page = await listWorkflowExecutions(LISTED_ENDINGS, startedAfter, { maxItems: 100, ...(marker ? { marker } : {}) });
    for (const execution of page.executions) {
      const orderId = orderIdOfExecution(execution.executionName);
      if (orderId && !(await run.recover(orderId, execution.status as EndedExecutionStatus))) return run.report;
    }
    marker = page.nextMarker;
  } while (marker);

  const createdBefore = new Date(now.getTime() - config.abandonedAfterMs).toISOString();
  for (const shard of [...watchShards("active"), ...watchShards("approval")]) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await listWatchedOrders(shard, createdBefore, { limit: 100, ...(startKey ? { startKey } : {}) });
      for (const { orderId } of page.entries) if (!(await run.recover(orderId))) return run.report;
      startKey = page.nextKey;
    } while (startKey);
  }
  return run.report;
}

/** Looks at the named orders now, whatever their age (the re-driver's `{ "orderIds": [...] }` event). */
export async function recoverNamedOrders(orderIds: readonly string[], config: RecoveryConfig, now: Date = new Date()): Promise<RecoveryReport> {
  const run = new RecoveryRun({ ...config, maxRecoveriesPerRun: orderIds.length }, now);
  for (const orderId of orderIds) await run.recover(orderId);
  return run.report;
}

class RecoveryRun {
  readonly report: RecoveryReport = { found: 0, failed: 0, completed: 0, deferred: 0, truncated: false };
  private readonly seen = new Set<string>();
  private budget: number;

  constructor(
    private readonly config: RecoveryConfig,
    private readonly now: Date,
  ) {
    this.budget = config.maxRecoveriesPerRun;
  }

  /** Looks at one order (once per run); false when the budget is spent and the run should stop. */
  async recover(orderId: string, ended?: EndedExecutionStatus): Promise<boolean> {
    if (this.seen.has(orderId)) return true;
    if (this.budget <= 0) {
      this.report.truncated = true;
      return false;
    }
    this.seen.add(orderId);
    const outcome = await recoverOrder(orderId, this.config, this.now, ended);
    if (outcome === "not-abandoned") return true;
    this.budget--;
    this.report.found++;
    this.report[outcome]++;
    return true;
  }
}

async function recoverOrder(orderId: string, config: RecoveryConfig, now: Date, listedAs?: EndedExecutionStatus): Promise<Outcome> {
  const order = await getOrder(orderId);
  if (!order) return "not-abandoned";
  const plan = recoveryPlanFor(order.status);
  if (!plan) return "not-abandoned";
  let ended: EndedExecutionStatus | undefined;
  try {
    ended = listedAs ?? (await endingOf(order, config, now));
  } catch (error) {
    if (error instanceof LambdaCallError) return "deferred";
    throw error;
  }
  if (!ended) return "not-abandoned";

  const at = now.toISOString();
  try {
    if (plan.kind === "complete") {
      await recordStatus(orderId, "completed", at);
      return "completed";
    }
    const entries: CompensationEntry[] = [];
    for (const undo of plan.undo) {
      const done = await withRetries(() => UNDO[undo](order, config));
      if (done) entries.push({ action: undo, status: "succeeded", at, detail: `${done} by the re-driver` });
    }
    for (const entry of entries) {
      await appendCompensation(orderId, entry);
      countMetric("CompensationsRun", { Kind: entry.action as RecoveryUndo, Outcome: "succeeded" });
    }
    await recordStatus(orderId, "failed", at, { failureReason: abandonedFailureReason(ended) });
    return "failed";
  } catch (error) {
    if (error instanceof LambdaCallError) return "deferred";
    // The order was decided between our read and our write: nothing left to do.
    if (error instanceof IllegalStatusTransitionError) return "not-abandoned";
    throw error;
  }
}

/** How the order's execution ended, or undefined while it runs (or if it succeeded, which decided the order). */
async function endingOf(order: OrderRecord, config: RecoveryConfig, now: Date): Promise<EndedExecutionStatus | undefined> {
  const executionArn = order.executionArn ?? (await executionArnByName(order.orderId));
  if (!executionArn) {
    // The workflow moved the order, so an execution existed; none is found once it has aged out
    // of Lambda's retention. Only past the ExecutionTimeout is that sure to mean it has ended.
    const age = now.getTime() - Date.parse(order.createdAt);
    return age > config.abandonedAfterMs ? "TIMED_OUT" : undefined;
  }
  const status = await getExecutionStatus(executionArn);
  return status === "RUNNING" || status === "SUCCEEDED" ? undefined : status;
}

/** The API saves the execution ARN after the start returns; a crash in between leaves only the name. */
async function executionArnByName(orderId: string): Promise<string | undefined> {
  const { executions } = await listWorkflowExecutions([], new Date(0), { maxItems: 1, executionName: durableExecutionName(orderId) });
  return executions[0]?.executionArn;
}

/** Each undo, as the saga's compensations ask it of the workers; returns what was undone, or undefined when there was nothing. */
const UNDO: Record<RecoveryUndo, (order: OrderRecord, config: RecoveryConfig) => Promise<string | undefined>> = {
  "refund-payment": async (order, { workers }) => {
    const amountCents = order.totals?.totalCents;
    // Totals are written at preparation, before any capture: without them nothing was captured.
    if (amountCents === undefined) return undefined;
    const answer = await invokeWorkerFunction<PaymentRequest, PaymentResponse>(workers.payment, { action: "refund", orderId: order.orderId, amountCents });
    return answer.ok ? `refunded ${amountCents} cents` : undefined;
  },
  "release-inventory": async (order, { workers }) => {
    const items = order.items.map(({ productId, quantity }) => ({ productId, quantity }));
    const answer = await invokeWorkerFunction<InventoryRequest, InventoryResponse>(workers.inventory, { action: "release", orderId: order.orderId, items });
    return answer.ok ? "reserved stock released" : undefined;
  },
  "void-payment": async (order, { workers }) => {
    const answer = await invokeWorkerFunction<PaymentRequest, PaymentResponse>(workers.payment, { action: "void", orderId: order.orderId });
    return answer.ok ? "authorization voided" : undefined;
  },
};

/** Transient trouble (throttling, a worker that threw) is tried again with backoff; the next run tries again after that. */
async function withRetries<T>(call: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof LambdaCallError) || !error.retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1)));
    }
  }
}
