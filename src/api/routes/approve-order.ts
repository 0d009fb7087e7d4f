/**
 * POST /orders/{orderId}/approval: a person's decision on an order that waits for one.
 * The decision goes to the workflow as the result of its approval callback; the
 * workflow, not this route, moves the order to approved or rejected.
 */
import { ApprovalCallbackClosedError, LambdaCallError, sendApprovalDecision } from "../../adapters/lambda";
import { getOrder } from "../../adapters/orders-repository";
import { ErrorCode, HttpError, jsonResponse } from "../http";
import { log } from "../log";
import { readJsonBody } from "../request";
import { validationFailed } from "../validation";
import { parseApprovalDecision, type ApprovalDecision } from "../../domain/approval";
import { orderStatusPath, requireOrderId, type RouteHandler } from "./route";
import { lambdaFailure } from "./lambda-failure";

export const approveOrderRoute: RouteHandler = async ({ event, orderId: rawOrderId }) => {
  const orderId = requireOrderId(rawOrderId);
  const decision = parseDecision(readJsonBody(event));

  const order = await getOrder(orderId);
  if (!order) throw new HttpError(404, ErrorCode.OrderNotFound, `Order ${orderId} does not exist.`);
  const callbackId = order.approval?.callbackId;
  if (order.status !== "awaiting-approval" || !callbackId) {
    throw new HttpError(409, ErrorCode.OrderNotAwaitingApproval, `Order ${orderId} is not awaiting approval (status: ${order.status}).`);
  }

  try {
    await sendApprovalDecision(callbackId, decision);
  } catch (error) {
    if (error instanceof ApprovalCallbackClosedError) {
      throw new HttpError(409, ErrorCode.ApprovalClosed, `The approval of order ${orderId} can no longer be answered: it timed out or was already answered.`);
    }
    if (error instanceof LambdaCallError) throw lambdaFailure(error, orderId);
    throw error;
  }

  const outcome = decision.approved ? "approved" : "rejected";
  log.info("approval decision sent", { orderId });
  return jsonResponse(202, { orderId, decision: outcome, statusUrl: orderStatusPath(orderId) }, { location: orderStatusPath(orderId) });
};

function parseDecision(body: unknown): ApprovalDecision {
  const parsed = parseApprovalDecision(body);
  if (!parsed.ok) throw validationFailed(parsed.errors, "The approval decision is invalid.");
  return parsed.value;
}
