import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { ErrorCode, HttpError } from "../http";

export interface RouteRequest {
  event: APIGatewayProxyEvent;
  /** The `{orderId}` path segment, URL-decoded, on the routes that have one. */
  orderId: string | undefined;
}

export type RouteHandler = (request: RouteRequest) => Promise<APIGatewayProxyResult>;

/**
 * Order ids are `ord_` + 32 hex digits when the API makes them; the workflow accepts any
 * id of this alphabet, and 58 characters keep `order-<id>` a valid durable execution name.
 */
export const ORDER_ID_PATTERN = /^[A-Za-z0-9_-]{1,58}$/;

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
