/**
 * Status writes as durable steps. The clock is read inside the step, so the timestamp
 * is checkpointed with it; the repository ignores a status the order already has or has
 * passed, so a retried step can neither duplicate nor regress the history.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { recordStatus, type OrderPatch } from "../adapters/orders-repository";
import type { OrderStatus } from "../domain/status";
import { DATA_STEP_RETRY } from "./policies";

export interface StatusChange {
  status: OrderStatus;
  at: string;
}

/**
 * Step `record-<status>`: moves the order to `status`, applying `patch` in the same write.
 * `onRecorded` runs in the step body after the write (where a metric of it is emitted once).
 */
export function recordOrderStatus(
  context: DurableContext,
  orderId: string,
  status: OrderStatus,
  patch?: OrderPatch,
  onRecorded?: (change: StatusChange) => void,
): Promise<StatusChange> {
  return context.step(
    `record-${status}`,
    async () => {
      const change = await writeStatus(orderId, status, patch);
      onRecorded?.(change);
      return change;
    },
    { retryStrategy: DATA_STEP_RETRY },
  );
}

/** For steps that do some work and then record the status that work reached. */
export async function writeStatus(orderId: string, status: OrderStatus, patch?: OrderPatch): Promise<StatusChange> {
  const at = new Date().toISOString();
  await recordStatus(orderId, status, at, patch);
  return { status, at };
}
