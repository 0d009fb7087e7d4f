/**
 * The REST API routes of template.yaml, read from the `Api` events of its
 * functions, and API Gateway's rule for picking the route of a request: the most
 * specific resource wins (a literal segment over `{param}` over `{proxy+}`).
 */
import type { FunctionSpec } from "./functions";
import { localApiId, resolveString, resolveValue, type ResolutionContext } from "./intrinsics";
import { resourcesOfType } from "./template";

export interface ApiRoute {
  /** The AWS::Serverless::Api (ServerlessRestApi for SAM's implicit API). */
  apiLogicalId: string;
  apiId: string;
  stage: string;
  /** Upper case; `ANY` matches every method. */
  method: string;
  /** The resource path as declared, e.g. `/orders/{orderId}`. */
  resourcePath: string;
  functionName: string;
  functionLogicalId: string;
  eventName: string;
  /** The authorizer the route has in AWS (e.g. AWS_IAM); the local gateway does not enforce it. */
  authorizer?: string;
  /** Content types API Gateway passes to the function base64-encoded. */
  binaryMediaTypes: string[];
}

export interface RouteMatch {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

/** SAM's implicit API: what `Api` events without RestApiId attach to. */
const IMPLICIT_API = { logicalId: "ServerlessRestApi", stage: "Prod" } as const;

export function apiRoutes(context: ResolutionContext, functions: readonly FunctionSpec[]): ApiRoute[] {
  const globalsApi = (context.template.Globals?.Api ?? {}) as Record<string, unknown>;
  const routes: ApiRoute[] = [];
  for (const [functionLogicalId, resource] of resourcesOfType(context.template, "AWS::Serverless::Function")) {
    const spec = functions.find((candidate) => candidate.logicalId === functionLogicalId);
    if (!spec) continue;
    const events = (resource.Properties?.Events ?? {}) as Record<string, { Type?: string; Properties?: Record<string, unknown> }>;
    for (const [eventName, event] of Object.entries(events)) {
      if (event.Type !== "Api") continue;
      const properties = event.Properties ?? {};
      const where = `${functionLogicalId}.Events.${eventName}`;
      const apiLogicalId = apiLogicalIdOf(properties.RestApiId, where);
      const api = apiLogicalId === IMPLICIT_API.logicalId ? undefined : context.template.Resources[apiLogicalId];
      if (apiLogicalId !== IMPLICIT_API.logicalId && api?.Type !== "AWS::Serverless::Api") {
        throw new Error(`${where}: RestApiId does not name an AWS::Serverless::Api in the template`);
      }
      const apiProperties = { ...globalsApi, ...(api?.Properties ?? {}) };
      const authorizer = authorizerOf(properties.Auth, apiProperties.Auth, context);
      routes.push({
        apiLogicalId,
        apiId: localApiId(apiLogicalId),
        stage: api ? resolveString(apiProperties.StageName, context, `${apiLogicalId}.StageName`) : IMPLICIT_API.stage,
        method: resolveString(properties.Method, context, `${where}.Method`).toUpperCase(),
        resourcePath: normalisePath(resolveString(properties.Path, context, `${where}.Path`)),
        functionName: spec.name,
        functionLogicalId,
        eventName,
        ...(authorizer ? { authorizer } : {}),
        binaryMediaTypes: binaryMediaTypesOf(resolveValue(apiProperties.BinaryMediaTypes, context)),
      });
    }
  }
  return routes;
}

function apiLogicalIdOf(restApiId: unknown, where: string): string {
  if (restApiId === undefined) return IMPLICIT_API.logicalId;
  if (restApiId && typeof restApiId === "object" && typeof (restApiId as { Ref?: unknown }).Ref === "string") {
    return (restApiId as { Ref: string }).Ref;
  }
  if (typeof restApiId === "string") return restApiId;
  throw new Error(`${where}: RestApiId must be !Ref to an AWS::Serverless::Api`);
}

function authorizerOf(eventAuth: unknown, apiAuth: unknown, context: ResolutionContext): string | undefined {
  const own = (resolveValue(eventAuth, context) as { Authorizer?: unknown } | undefined)?.Authorizer;
  if (own === "NONE") return undefined;
  if (typeof own === "string") return own;
  const fallback = (resolveValue(apiAuth, context) as { DefaultAuthorizer?: unknown } | undefined)?.DefaultAuthorizer;
  return typeof fallback === "string" ? fallback : undefined;
}

/** In templates `/` inside a media type is written `~1` (JSON pointer escaping), e.g. `image~1png`. */
function binaryMediaTypesOf(value: unknown): string[] {
  return Array.isArray(value) ? value.map((type) => String(type).replace(/~1/g, "/").toLowerCase()) : [];
}

function normalisePath(path: string): string {
  const withSlash = path.startsWith("/") ? path : `/${path}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, "") : withSlash;
}

function segmentsOf(path: string): string[] {
  return normalisePath(path).split("/").filter(Boolean);
}

/**
 * Finds the route for a request path (already URL-decoded per segment by the
 * caller) and method. A path no route declares, and a declared path without that
 * method, both match nothing: API Gateway answers both with 403.
 */
export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): RouteMatch | undefined {
  const requestSegments = segmentsOf(path);
  let best: { match: RouteMatch; score: number[] } | undefined;
  for (const route of routes) {
    if (route.method !== "ANY" && route.method !== method.toUpperCase()) continue;
    const matched = matchSegments(segmentsOf(route.resourcePath), requestSegments);
    if (!matched) continue;
    // An exact method beats ANY on the same resource.
    const score = [...matched.score, route.method === "ANY" ? 0 : 1];
    if (!best || compareScores(score, best.score) > 0) best = { match: { route, pathParameters: matched.pathParameters }, score };
  }
  return best?.match;
}

/** Literal segment 3, `{param}` 2, `{proxy+}` 1, compared left to right. */
function matchSegments(routeSegments: string[], requestSegments: string[]): { pathParameters: Record<string, string>; score: number[] } | undefined {
  const pathParameters: Record<string, string> = {};
  const score: number[] = [];
  for (let index = 0; index < routeSegments.length; index++) {
    const segment = routeSegments[index]!;
    const greedy = /^\{(.+)\+\}$/.exec(segment);
    if (greedy) {
      if (index !== routeSegments.length - 1 || requestSegments.length <= index) return undefined;
      pathParameters[greedy[1]!] = requestSegments.slice(index).join("/");
      score.push(1);
      return { pathParameters, score };
    }
    const requestSegment = requestSegments[index];
    if (requestSegment === undefined) return undefined;
    const parameter = /^\{(.+)\}$/.exec(segment);
    if (parameter) {
      pathParameters[parameter[1]!] = requestSegment;
      score.push(2);
    } else if (segment === requestSegment) {
      score.push(3);
    } else {
      return undefined;
    }
  }
  return requestSegments.length === routeSegments.length ? { pathParameters, score } : undefined;
}

function compareScores(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
