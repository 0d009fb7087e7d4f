/**
 * POST /orders: validate, store the order as `received`, start its durable workflow,
 * answer 202 with where to watch it.
 *
 * With an Idempotency-Key the whole sequence runs at most once per key and body: the
 * first request claims the key (a conditional put that exactly one request wins) and
 * records the order id it is about to create; concurrent duplicates wait for it to
 * finish and answer with the same order id; later duplicates answer at once.
 * The order id is generated, not derived from the key: keys are client-chosen and
 * expire after 24 hours, and an order's identity should outlive both.
 */
import { randomUUID } from "node:crypto";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  IdempotencyStatus,
  releaseIdempotencyKey,
} from "../../adapters/idempotency-store";
import { LambdaCallError, startOrderWorkflow } from "../../adapters/lambda";
import { createOrder, getOrder, patchOrder, recordStatus } from "../../adapters/orders-repository";
import { parseOrderInput, type ValidatedOrder } from "../../domain/order";
import { START_FAILURE_REASON, workflowOrderInput } from "../../domain/workflow-input";
import { ErrorCode, HttpError, jsonResponse } from "../http";
import { readIdempotencyKey, requestFingerprint, scopedIdempotencyKey } from "../idempotency";
import { countMetric } from "../../observability/metrics";
import { annotateOrder } from "../../observability/tracer";
import { log } from "../log";
import { readJsonBody } from "../request";
import { validationFailed } from "../validation";
import { lambdaFailure } from "./lambda-failure";
import { orderStatusPath, type RouteHandler } from "./route";

/** How a duplicate request waits for the request that holds its key. */
export const DUPLICATE_WAIT = {
  initialDelayMs: 20,
  maxDelayMs: 250,
  /** Then 409 and Retry-After: well inside API Gateway's 29-second limit. */
  maxWaitMs: 10_000,
} as const;

export { START_FAILURE_REASON };

interface Accepted {
  orderId: string;
  /** True when this answer repeats an earlier request's (same key, same body). */
  replayed: boolean;
}

export const createOrderRoute: RouteHandler = async ({ event, deadline }) => {
  const body = readJsonBody(event);
  const idempotencyKey = readIdempotencyKey(event);
  const parsed = parseOrderInput(body);
  if (!parsed.ok) throw validationFailed(parsed.errors, "The order is invalid.");

  const accepted =
    idempotencyKey === undefined
      ? await acceptOnce(newOrderId(), parsed.value)
      : await acceptIdempotently(scopedIdempotencyKey(idempotencyKey), requestFingerprint(body), parsed.value, deadline);

  const statusUrl = orderStatusPath(accepted.orderId);
  log.info("order accepted", { orderId: accepted.orderId, replayed: accepted.replayed });
  annotateOrder(accepted.orderId);
  if (!accepted.replayed) countMetric("OrdersAccepted", {});
  return jsonResponse(
    202,
    { orderId: accepted.orderId, status: "received", statusUrl },
    { location: statusUrl, ...(accepted.replayed ? { "idempotent-replayed": "true" } : {}) },
  );
};

/** `ord_` and 32 hex digits: unguessable, and short enough for a durable execution name. */
export function newOrderId(): string {
  return `ord_${randomUUID().replaceAll("-", "")}`;
}

async function acceptIdempotently(idempotencyKey: string, requestHash: string, order: ValidatedOrder, ownerDeadline: number | undefined): Promise<Accepted> {
  const waitUntil = Date.now() + DUPLICATE_WAIT.maxWaitMs;
  let delayMs: number = DUPLICATE_WAIT.initialDelayMs;
  for (;;) {
    const claim = await claimIdempotencyKey({ idempotencyKey, requestHash, orderId: newOrderId(), ...(ownerDeadline !== undefined ? { ownerDeadline } : {}) });
    if (claim.kind === "claimed") {
      const { orderId } = claim.record;
      if (claim.takeover) {
        log.warn("took over a stale idempotency claim", { orderId, takeover: true });
        // Its owner could not start the workflow, failed the order, then died before releasing the key.
        // (An order its own workflow failed, e.g. declined, is the answer to this key: keep it.)
        if ((await getOrder(orderId))?.failureReason === START_FAILURE_REASON) {
          await releaseIdempotencyKey(idempotencyKey, orderId);
          continue;
        }
      }
      await acceptOnce(orderId, order, idempotencyKey);
      await completeIdempotencyKey(idempotencyKey, orderId);
      return { orderId, replayed: false };
    }
    const { record } = claim;
    if (record.requestHash !== requestHash) {
      throw new HttpError(422, ErrorCode.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request body.");
    }
    if (record.status === IdempotencyStatus.Completed) return { orderId: record.orderId, replayed: true };
    if (Date.now() >= waitUntil) {
      throw new HttpError(409, ErrorCode.IdempotencyKeyInProgress, "A request with this Idempotency-Key is still being processed. Retry shortly.", {
        headers: { "retry-after": "1" },
      });
    }
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, DUPLICATE_WAIT.maxDelayMs);
  }
}

/**
 * Stores the order and starts its workflow. Safe to repeat for the same order id: the
 * put is conditional and the execution name is derived from the order id.
 * When Lambda will not start the workflow, the order is marked failed (so it never sits
 * in `received` forever) and the key is released, so the client's retry makes a new order.
 * When this process dies between the put and the start, the re-driver
 * (src/redriver/) starts the workflow with the same name and payload.
 */
async function acceptOnce(orderId: string, order: ValidatedOrder, idempotencyKey?: string): Promise<Accepted> {
  await createOrder({ ...order, orderId });
  try {
    const started = await startOrderWorkflow(orderId, workflowOrderInput(order));
    if (started.executionArn) await patchOrder(orderId, { executionArn: started.executionArn });
  } catch (error) {
    if (!(error instanceof LambdaCallError)) throw error;
    await recordStatus(orderId, "failed", new Date().toISOString(), { failureReason: START_FAILURE_REASON });
    if (idempotencyKey !== undefined) await releaseIdempotencyKey(idempotencyKey, orderId);
    throw lambdaFailure(error, orderId);
  }
  return { orderId, replayed: false };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
