import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ORDER_ID_PATTERN } from "../../domain/order";
import { ErrorCode, HttpError } from "../http";

export interface RouteRequest {
  event: APIGatewayProxyEvent;
  /** The `{orderId}` path segment, URL-decoded, on the routes that have one. */
  orderId: string | undefined;
  /** Epoch ms at which Lambda stops this invocation (its Timeout); undefined outside Lambda. */
  deadline: number | undefined;
}

export type RouteHandler = (request: RouteRequest) => Promise<APIGatewayProxyResult>;

/** Re-exported for the console, which checks ids the same way. */
export { ORDER_ID_PATTERN };

export function requireOrderId(orderId: string | undefined): string {
  if (orderId === undefined || !ORDER_ID_PATTERN.test(orderId)) {
    const message = "The order id must be 1-58 characters of A-Z, a-z, 0-9, _ or -.";
    throw new HttpError(400, ErrorCode.InvalidOrderId, message, { details: [{ field: "orderId", message }] });
  }
  return orderId;
}

/** Where a caller reads an order's status, relative to the API's base URL. */
export function orderStatusPath(orderId: string): string {
  return `/orders/${orderId}`;
}
