/**
 * The orders API Lambda (OrdersApiFunction): API Gateway REST proxy events in, JSON out.
 *
 * A three-route table; every failure, expected or not, leaves as the one JSON error
 * shape built by HttpError, and nothing about an unexpected error's cause reaches the caller.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { setClientInstrumentation } from "../adapters/instrumentation";
import { startInvocation } from "../observability/logger";
import { annotateOrder, traced, tracedClients } from "../observability/tracer";
import { ErrorCode, HttpError, internalErrorResponse } from "./http";
import { apiLogger, errorName, log } from "./log";
import { approveOrderRoute } from "./routes/approve-order";
import { createOrderRoute } from "./routes/create-order";
import { getOrderRoute } from "./routes/get-order";
import type { RouteHandler } from "./routes/route";

interface Route {
  /** The route as the template declares it, for logs. */
  readonly name: string;
  readonly pattern: RegExp;
  readonly methods: Readonly<Partial<Record<string, RouteHandler>>>;
}

const SERVICE = "orders-api";

const ROUTES: readonly Route[] = [
  { name: "/orders", pattern: /^\/orders$/, methods: { POST: createOrderRoute } },
  { name: "/orders/{orderId}", pattern: /^\/orders\/([^/]+)$/, methods: { GET: getOrderRoute } },
  { name: "/orders/{orderId}/approval", pattern: /^\/orders\/([^/]+)\/approval$/, methods: { POST: approveOrderRoute } },
];

setClientInstrumentation(tracedClients(SERVICE));

export const handler = traced(SERVICE, handleRequest);

async function handleRequest(event: APIGatewayProxyEvent, lambdaContext?: Context): Promise<APIGatewayProxyResult> {
  startInvocation(apiLogger, lambdaContext);
  const startedAt = Date.now();
  const deadline = lambdaContext ? startedAt + lambdaContext.getRemainingTimeInMillis() : undefined;
  const method = (event.httpMethod ?? "").toUpperCase();
  const path = normalisePath(event.path ?? event.resource ?? "");
  const requestId = event.requestContext?.requestId;
  let routeName = "(unmatched)";
  let response: APIGatewayProxyResult;
  try {
    const route = ROUTES.find((candidate) => candidate.pattern.test(path));
    if (!route) throw new HttpError(404, ErrorCode.NotFound, `No route for ${method} ${path}.`);
    routeName = route.name;
    const routeHandler = route.methods[method];
    if (!routeHandler) {
      const allow = Object.keys(route.methods).join(", ");
      throw new HttpError(405, ErrorCode.MethodNotAllowed, `${route.name} accepts ${allow}.`, { headers: { allow } });
    }
    const [, rawOrderId] = route.pattern.exec(path) ?? [];
    const orderId = rawOrderId === undefined ? undefined : decodeSegment(rawOrderId);
    response = await routeHandler({ event, orderId, deadline });
    // Only an id the route found is worth searching traces by.
    if (orderId !== undefined && response.statusCode < 300) annotateOrder(orderId);
  } catch (error) {
    if (error instanceof HttpError) {
      response = error.toResponse();
    } else {
      log.error("unhandled error", { requestId, route: routeName, method, errorName: errorName(error) });
      response = internalErrorResponse();
    }
  }
  log.info("request", { requestId, route: routeName, method, status: response.statusCode, durationMs: Date.now() - startedAt });
  return response;
}

function normalisePath(path: string): string {
  return path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
}

/** A malformed escape is left as it is; the route's own validation then refuses it. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
