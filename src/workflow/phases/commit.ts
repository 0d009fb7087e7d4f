/**
 * Commit: reserve the stock, capture the payment, issue the invoice — the saga's
 * forward actions, grouped in the child context `commit-order`.
 *
 * A finished child is not re-run on replay (its result is returned from the
 * checkpoint), so the child cannot push compensations itself: they would be missing
 * on the next replay. It reports instead, as data, which actions completed and which
 * one may have happened (its worker never answered); the caller turns that into saga
 * entries, deterministically, on every replay.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { OutOfStockError, PaymentDeclinedError } from "../../domain/errors";
import type { InventoryRequest, InventoryResponse, PaymentRequest, PaymentResponse } from "../../workers/contracts";
import type { WorkflowConfig } from "../config";
import { WorkerUnavailableError } from "../errors";
import { describe, invokeWorker, isOperationFailure } from "../invoke-worker";
import { itemRefs, type PreparedOrder } from "../model";
import { recordOrderStatus, writeStatus } from "../order-status";
import { DATA_STEP_RETRY } from "../policies";
import type { Saga } from "../saga";
import { COMPENSATION } from "../saga";
import { refundPayment, releaseInventory } from "./compensations";

export const COMMIT_ACTION = {
  RESERVE_INVENTORY: "reserve-inventory",
  CAPTURE_PAYMENT: "capture-payment",
  GENERATE_INVOICE: "generate-invoice",
} as const;
export type CommitAction = (typeof COMMIT_ACTION)[keyof typeof COMMIT_ACTION];

type CommitReport =
  | { ok: true; completed: CommitAction[]; invoiceNumber: string }
  | {
      ok: false;
      completed: CommitAction[];
      /** The action whose worker never answered: it may or may not have happened. */
      uncertain?: CommitAction;
      failure: { kind: "out-of-stock" | "payment-refused" | "unavailable"; message: string; unavailable?: string[] };
    };

export async function commitOrder(context: DurableContext, prepared: PreparedOrder, saga: Saga, config: WorkflowConfig): Promise<{ invoiceNumber: string }> {
  const { orderId, order, totals } = prepared;
  const items = itemRefs(order);
  const { functions } = config;

  const report = await context.runInChildContext("commit-order", async (commit): Promise<CommitReport> => {
    const completed: CommitAction[] = [];
    let current: CommitAction = COMMIT_ACTION.RESERVE_INVENTORY;
    try {
      const reservation = await invokeWorker<InventoryRequest, InventoryResponse>(commit, current, functions.inventory, { action: "reserve", orderId, items });
      if (!reservation.ok) return { ok: false, completed, failure: { kind: "out-of-stock", message: reservation.message, unavailable: reservation.unavailable ?? [] } };
      completed.push(current);
      await recordOrderStatus(commit, orderId, "inventory-reserved");

      current = COMMIT_ACTION.CAPTURE_PAYMENT;
      const capture = await invokeWorker<PaymentRequest, PaymentResponse>(commit, current, functions.payment, { action: "capture", orderId, amountCents: totals.totalCents });
      if (!capture.ok) return { ok: false, completed, failure: { kind: "payment-refused", message: capture.message } };
      completed.push(current);
      await recordOrderStatus(commit, orderId, "payment-processed");

      current = COMMIT_ACTION.GENERATE_INVOICE;
      const invoice = await commit.step(
        current,
        async () => {
          const invoiceNumber = invoiceNumberFor(orderId, new Date());
          await writeStatus(orderId, "invoice-generated", { invoiceNumber });
          return { invoiceNumber };
        },
        { retryStrategy: DATA_STEP_RETRY },
      );
      completed.push(current);
      return { ok: true, completed, invoiceNumber: invoice.invoiceNumber };
    } catch (error) {
      if (!isOperationFailure(error)) throw error;
      return { ok: false, completed, uncertain: current, failure: { kind: "unavailable", message: describe(error) } };
    }
  });

  registerCompensations(saga, prepared, report, config);
  if (report.ok) return { invoiceNumber: report.invoiceNumber };
  const { kind, message, unavailable } = report.failure;
  if (kind === "out-of-stock") throw new OutOfStockError(unavailable ?? []);
  if (kind === "payment-refused") throw new PaymentDeclinedError(`payment capture refused: ${message}`);
  throw new WorkerUnavailableError(`commit failed at ${report.uncertain ?? "an unknown step"}: ${message}`);
}

/** Newest last, so the saga undoes them newest first: refund, then release, then (if still held) void. */
function registerCompensations(saga: Saga, prepared: PreparedOrder, report: CommitReport, config: WorkflowConfig): void {
  const { orderId, order, totals } = prepared;
  const mayHaveHappened = (action: CommitAction) => report.completed.includes(action) || (!report.ok && report.uncertain === action);
  if (mayHaveHappened(COMMIT_ACTION.RESERVE_INVENTORY)) saga.add(releaseInventory(orderId, itemRefs(order), config.functions.inventory));
  // A capture consumes the authorization: from then on the undo is a refund, not a void.
  if (report.completed.includes(COMMIT_ACTION.CAPTURE_PAYMENT)) saga.discard(COMPENSATION.VOID_PAYMENT);
  if (mayHaveHappened(COMMIT_ACTION.CAPTURE_PAYMENT)) saga.add(refundPayment(orderId, totals.totalCents, config.functions.payment));
}

/** INV-YYYYMMDD-<order id>: readable, unique per order, stable across retries of the same day. */
export function invoiceNumberFor(orderId: string, at: Date): string {
  return `INV-${at.toISOString().slice(0, 10).replaceAll("-", "")}-${orderId}`;
}
