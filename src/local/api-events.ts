/**
 * Translation between HTTP and the Lambda proxy integration of an API Gateway
 * REST API: a request becomes an APIGatewayProxyEvent, the function's
 * APIGatewayProxyResult becomes the response — with API Gateway's answer when the
 * function fails or returns something malformed.
 */
import type { APIGatewayProxyEvent } from "aws-lambda";
import type { RouteMatch } from "./api-routes";
import { LOCAL_AWS } from "./local-aws";

export interface IncomingRequest {
  method: string;
  /** The path without the query string, as received (still percent-encoded). */
  rawPath: string;
  /** The query string without `?`, or "". */
  rawQuery: string;
  /** Node's `rawHeaders`: name, value, name, value… with the client's spelling. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  host: string;
}

export interface HttpResponse {
  statusCode: number;
  /** Name/value pairs, a name repeated for a multi-value header. */
  headers: Array<[string, string]>;
  body: Buffer;
}

export function toProxyEvent(request: IncomingRequest, match: RouteMatch, requestId: string, now: Date = new Date()): APIGatewayProxyEvent {
  const { route } = match;
  const { headers, multiValueHeaders } = collectHeaders(request.rawHeaders);
  const { single: queryStringParameters, multi: multiValueQueryStringParameters } = collectQuery(request.rawQuery);
  const path = request.rawPath;
  const contentType = headerValue(headers, "content-type");
  const binary = request.body.length > 0 && isBinary(contentType, route.binaryMediaTypes);
  const userAgent = headerValue(headers, "user-agent") ?? null;
  return {
    resource: route.resourcePath,
    path,
    httpMethod: request.method.toUpperCase(),
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: Object.keys(match.pathParameters).length > 0 ? match.pathParameters : null,
    stageVariables: null,
    requestContext: {
      accountId: LOCAL_AWS.accountId,
      apiId: route.apiId,
      authorizer: undefined,
      resourceId: route.resourcePath.replace(/[^a-zA-Z0-9]/g, "").slice(0, 6).toLowerCase() || "root",
      resourcePath: route.resourcePath,
      httpMethod: request.method.toUpperCase(),
      path: `/${route.stage}${path}`,
      stage: route.stage,
      protocol: "HTTP/1.1",
      requestId,
      extendedRequestId: requestId,
      requestTime: apiGatewayTime(now),
      requestTimeEpoch: now.getTime(),
      domainName: request.host,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp,
        user: null,
        userAgent,
        userArn: null,
      },
    },
    body: request.body.length === 0 ? null : binary ? request.body.toString("base64") : request.body.toString("utf8"),
    isBase64Encoded: binary,
  };
}

/** API Gateway's own answers, byte for byte what a REST API sends. */
export const GATEWAY_RESPONSES = {
  missingAuthenticationToken: { statusCode: 403, message: "Missing Authentication Token" },
  internalServerError: { statusCode: 502, message: "Internal server error" },
  timedOut: { statusCode: 504, message: "Endpoint request timed out" },
  tooLarge: { statusCode: 413, message: "Request Too Long" },
} as const;

export function gatewayResponse(kind: keyof typeof GATEWAY_RESPONSES, requestId: string): HttpResponse {
  const { statusCode, message } = GATEWAY_RESPONSES[kind];
  return {
    statusCode,
    headers: [
      ["Content-Type", "application/json"],
      ["x-amzn-RequestId", requestId],
      ["x-amzn-ErrorType", kind === "missingAuthenticationToken" ? "MissingAuthenticationTokenException" : "InternalServerErrorException"],
    ],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/**
 * Maps the function's result to the HTTP response. Anything API Gateway would
 * reject (no integer statusCode, a non-string body, bad headers) is a 502, as in AWS.
 */
export function fromProxyResult(result: unknown, requestId: string): HttpResponse {
  if (!result || typeof result !== "object" || Array.isArray(result)) return gatewayResponse("internalServerError", requestId);
  const { statusCode, headers, multiValueHeaders, body, isBase64Encoded } = result as Record<string, unknown>;
  const status = typeof statusCode === "string" && /^\d+$/.test(statusCode) ? Number(statusCode) : statusCode;
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599) return gatewayResponse("internalServerError", requestId);
  if (body !== undefined && body !== null && typeof body !== "string") return gatewayResponse("internalServerError", requestId);
  if (!isHeaderMap(headers) || !isMultiHeaderMap(multiValueHeaders)) return gatewayResponse("internalServerError", requestId);

  // Both maps merge; a header named in multiValueHeaders takes its values from there only.
  const multiNames = new Set(Object.keys(multiValueHeaders ?? {}).map((name) => name.toLowerCase()));
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!multiNames.has(name.toLowerCase())) pairs.push([name, String(value)]);
  }
  for (const [name, values] of Object.entries(multiValueHeaders ?? {})) {
    for (const value of values) pairs.push([name, String(value)]);
  }
  const names = new Set(pairs.map(([name]) => name.toLowerCase()));
  if (!names.has("content-type")) pairs.push(["Content-Type", "application/json"]);
  pairs.push(["x-amzn-RequestId", requestId]);
  const text = typeof body === "string" ? body : "";
  return { statusCode: status, headers: pairs, body: isBase64Encoded === true ? Buffer.from(text, "base64") : Buffer.from(text, "utf8") };
}

function isHeaderMap(value: unknown): value is Record<string, string | number | boolean> | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  return Object.values(value).every((item) => ["string", "number", "boolean"].includes(typeof item));
}

function isMultiHeaderMap(value: unknown): value is Record<string, Array<string | number | boolean>> | undefined {
  if (value === undefined || value === null) return true;
  if (typeof value !== "object" || Array.isArray(value)) return false;
  return Object.values(value).every((items) => Array.isArray(items) && items.every((item) => ["string", "number", "boolean"].includes(typeof item)));
}

function collectHeaders(rawHeaders: string[]): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    const value = rawHeaders[index + 1]!;
    // Keep the first spelling of a name the client used; the last value wins in `headers`, as in API Gateway.
    const existing = Object.keys(multiValueHeaders).find((key) => key.toLowerCase() === name.toLowerCase()) ?? name;
    headers[existing] = value;
    (multiValueHeaders[existing] ??= []).push(value);
  }
  return { headers, multiValueHeaders };
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** REST APIs send `null`, not `{}`, when there is no query string. */
function collectQuery(rawQuery: string): { single: Record<string, string> | null; multi: Record<string, string[]> | null } {
  if (!rawQuery) return { single: null, multi: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(rawQuery)) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return Object.keys(single).length === 0 ? { single: null, multi: null } : { single, multi };
}

function isBinary(contentType: string | undefined, binaryMediaTypes: readonly string[]): boolean {
  if (!contentType || binaryMediaTypes.length === 0) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return binaryMediaTypes.some((pattern) => {
    if (pattern === "*/*") return true;
    if (pattern.endsWith("/*")) return type.startsWith(pattern.slice(0, -1));
    return type === pattern;
  });
}

/** API Gateway's `requestTime` format: 22/Nov/2026:02:00:00 +0000. */
function apiGatewayTime(date: Date): string {
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
