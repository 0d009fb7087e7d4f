/**
 * GET /orders/{orderId}: the order as its owner sees it, in dollars.
 * The view is built field by field, so an attribute added to the table later is not
 * published by accident.
 */
import { getOrder, type ApprovalInfo, type OrderRecord } from "../../adapters/orders-repository";
import { centsToDollars, multiplyCents } from "../../domain/money";
import { totalsInDollars } from "../../domain/totals";
import { ErrorCode, HttpError, jsonResponse } from "../http";
import { requireOrderId, type RouteHandler } from "./route";

export type ApprovalDecision = NonNullable<ApprovalInfo["decision"]>;

export const getOrderRoute: RouteHandler = async ({ orderId: rawOrderId }) => {
  const orderId = requireOrderId(rawOrderId);
  const order = await getOrder(orderId);
  if (!order) throw new HttpError(404, ErrorCode.OrderNotFound, `Order ${orderId} does not exist.`);
  return jsonResponse(200, orderView(order));
};

/** The public representation of an order (prices and totals in dollars). */
export function orderView(order: OrderRecord) {
  return {
    orderId: order.orderId,
    status: order.status,
    statusHistory: order.statusHistory.map(({ status, at }) => ({ status, at })),
    customerId: order.customerId,
    // The caller's own order: contact data is returned to them, and never logged.
    customerEmail: order.customerEmail,
    shippingAddress: order.shippingAddress,
    items: order.items.map((item) => ({
      productId: item.productId,
      name: item.name,
      quantity: item.quantity,
      price: centsToDollars(item.unitPriceCents),
      lineTotal: centsToDollars(multiplyCents(item.unitPriceCents, item.quantity)),
    })),
    totals: order.totals ? totalsInDollars(order.totals) : undefined,
    approval: order.approval ? approvalView(order) : undefined,
    failureReason: order.failureReason,
    compensations: (order.compensations ?? []).map(({ action, status, at, detail }) => ({ action, status, at, detail })),
    executionArn: order.executionArn,
    trackingNumber: order.trackingNumber,
    invoiceNumber: order.invoiceNumber,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

function approvalView(order: OrderRecord) {
  const approval = order.approval;
  if (!approval) return undefined;
  const pending = order.status === "awaiting-approval";
  return {
    pending,
    decision: approvalDecision(order),
    // Only an open approval can be answered; a spent callback id is noise.
    callbackId: pending ? approval.callbackId : undefined,
    requestedAt: approval.requestedAt,
    threshold: centsToDollars(approval.thresholdCents),
    reason: approval.reason,
    decidedAt: approval.decidedAt,
  };
}

/** The decision the workflow recorded, else what the status history shows; undefined while pending or if the order failed first. */
function approvalDecision(order: OrderRecord): ApprovalDecision | undefined {
  if (order.approval?.decision) return order.approval.decision;
  const reached = new Set(order.statusHistory.map((entry) => entry.status));
  if (reached.has("approved")) return "approved";
  if (reached.has("rejected")) return "rejected";
  if (reached.has("approval-timed-out")) return "timed-out";
  return undefined;
}
