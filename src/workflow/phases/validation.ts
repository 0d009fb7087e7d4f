/**
 * Validation: the payload is checked again here because direct invokes and
 * `sam local invoke` never pass through the API.
 *
 * One step, `validate-order`, decides and records: it gives a direct invoke its order
 * id (random ids belong inside a step), stores the order as `received` when nobody has
 * yet, and moves it to `validated` — or to `failed` with the field errors.
 */
import { randomUUID } from "node:crypto";
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { createOrder, getOrder, recordStatus } from "../../adapters/orders-repository";
import { ValidationError } from "../../domain/errors";
import { ORDER_ID_PATTERN, parseOrderInput, type FieldError, type ValidatedOrder } from "../../domain/order";
import type { AcceptedOrder, OrderWorkflowEvent } from "../model";
import { orderFailed } from "../order-metrics";
import { writeStatus } from "../order-status";
import { DATA_STEP_RETRY } from "../policies";


type Verdict = { valid: true; orderId: string; order: ValidatedOrder; acceptedAt: string } | { valid: false; orderId: string; errors: FieldError[] };

/** Returns the accepted order, or throws ValidationError after marking the order failed. */
export async function validateOrder(context: DurableContext, event: OrderWorkflowEvent): Promise<AcceptedOrder> {
  const executionArn = context.executionContext.durableExecutionArn;
  const verdict = await context.step(
    "validate-order",
    async (): Promise<Verdict> => {
      const orderId = event?.orderId ?? `ord-${randomUUID()}`;
      if (typeof orderId !== "string" || !ORDER_ID_PATTERN.test(orderId)) {
        orderFailed("invalid");
        return { valid: false, orderId: String(orderId), errors: [{ field: "orderId", message: "must be 1-58 characters of A-Z, a-z, 0-9, _ or -" }] };
      }
      const parsed = parseOrderInput(event?.order);
      const stored = await getOrder(orderId);
      if (!parsed.ok) {
        // An order the API stored is marked failed; a direct invoke with a bad payload has no record to mark.
        if (stored) await recordStatus(orderId, "failed", new Date().toISOString(), { failureReason: new ValidationError(parsed.errors).message });
        orderFailed("invalid");
        return { valid: false, orderId, errors: parsed.errors };
      }
      const acceptedAt = stored?.createdAt ?? new Date().toISOString();
      if (!stored) await createOrder({ ...parsed.value, orderId, createdAt: acceptedAt });
      await writeStatus(orderId, "validated", { executionArn });
      return { valid: true, orderId, order: parsed.value, acceptedAt };
    },
    { retryStrategy: DATA_STEP_RETRY },
  );
  if (!verdict.valid) throw new ValidationError(verdict.errors);
  // `acceptedAt` is missing from executions validated before it was recorded.
  return { orderId: verdict.orderId, order: verdict.order, ...(verdict.acceptedAt ? { acceptedAt: verdict.acceptedAt } : {}) };
}
