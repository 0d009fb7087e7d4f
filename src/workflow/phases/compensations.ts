/**
 * The undo of each action the order takes, as saga entries. Each calls the worker that
 * did the action; the workers make these idempotent per order, so a retried undo (or a
 * replayed one) happens at most once in the tables. An answer of "nothing to undo"
 * (`{ ok: false }`, e.g. voiding an authorization that never happened) counts as done.
 */
import type { Cents } from "../../domain/money";
import type { InventoryRequest, InventoryResponse, LineItemRef, PaymentRequest, PaymentResponse } from "../../workers/contracts";
import { invokeWorker } from "../invoke-worker";
import { COMPENSATION_RETRY } from "../policies";
import { COMPENSATION, type Compensation, type CompensationResult } from "../saga";

export function voidPayment(orderId: string, paymentFunction: string): Compensation {
  return {
    name: COMPENSATION.VOID_PAYMENT,
    run: async (context) =>
      outcome(
        await invokeWorker<PaymentRequest, PaymentResponse>(context, "void-payment", paymentFunction, { action: "void", orderId }, { retryStrategy: COMPENSATION_RETRY }),
        "authorization voided",
      ),
  };
}

export function refundPayment(orderId: string, amountCents: Cents, paymentFunction: string): Compensation {
  return {
    name: COMPENSATION.REFUND_PAYMENT,
    run: async (context) =>
      outcome(
        await invokeWorker<PaymentRequest, PaymentResponse>(context, "refund-payment", paymentFunction, { action: "refund", orderId, amountCents }, { retryStrategy: COMPENSATION_RETRY }),
        `refunded ${amountCents} cents`,
      ),
  };
}

export function releaseInventory(orderId: string, items: LineItemRef[], inventoryFunction: string): Compensation {
  return {
    name: COMPENSATION.RELEASE_INVENTORY,
    run: async (context) =>
      outcome(
        await invokeWorker<InventoryRequest, InventoryResponse>(context, "release-inventory", inventoryFunction, { action: "release", orderId, items }, { retryStrategy: COMPENSATION_RETRY }),
        "reserved stock released",
      ),
  };
}

function outcome(answer: InventoryResponse | PaymentResponse, done: string): CompensationResult {
  return answer.ok ? { undone: true, detail: done } : { undone: false, detail: `nothing to undo: ${answer.message}` };
}
