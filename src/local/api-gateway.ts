/**
 * A local stand-in for an API Gateway REST API with Lambda proxy integrations,
 * built from the template's `Api` events: it routes each request, invokes the
 * route's function with the proxy event and sends back what the function returned.
 * Authorizers (such as AWS_IAM on the approval route) are NOT enforced.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { fromProxyResult, gatewayResponse, toProxyEvent, type HttpResponse, type IncomingRequest } from "./api-events";
import { matchRoute, type ApiRoute } from "./api-routes";
import type { InvocationOutcome } from "./function-sandbox";
import { listen } from "./ports";

export interface ApiGatewayOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  routes: readonly ApiRoute[];
  invoke: (functionName: string, event: unknown) => Promise<InvocationOutcome>;
  /** API Gateway gives up on an integration after 29 s. */
  integrationTimeoutMs?: number;
  /** One line per request; silent when absent. */
  log?: (line: string) => void;
}

export interface LocalApiGateway {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** API Gateway's payload limit for REST APIs. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const DEFAULT_INTEGRATION_TIMEOUT_MS = 29_000;

export async function startApiGateway(options: ApiGatewayOptions): Promise<LocalApiGateway> {
  const host = options.host ?? "127.0.0.1";
  const server: Server = createServer((request, response) => {
    void handle(request, options).then((answer) => send(response, answer), () => send(response, gatewayResponse("internalServerError", randomUUID())));
  });
  const port = await listen(server, options.port, host);
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(request: IncomingMessage, options: ApiGatewayOptions): Promise<HttpResponse> {
  const started = Date.now();
  const requestId = randomUUID();
  const method = (request.method ?? "GET").toUpperCase();
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  const rawPath = queryAt < 0 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt < 0 ? "" : url.slice(queryAt + 1);
  const logLine = (response: HttpResponse, target: string) =>
    options.log?.(`${method} ${rawPath} -> ${target} ${response.statusCode} (${Date.now() - started} ms)`);

  const match = matchRoute(options.routes, method, decodeSegments(rawPath));
  if (!match) {
    const response = gatewayResponse("missingAuthenticationToken", requestId);
    logLine(response, "no route");
    return response;
  }
  const body = await readBody(request);
  if (!body) return gatewayResponse("tooLarge", requestId);

  const incoming: IncomingRequest = {
    method,
    rawPath,
    rawQuery,
    rawHeaders: request.rawHeaders,
    body,
    sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "127.0.0.1",
    host: request.headers.host ?? "127.0.0.1",
  };
  const event = toProxyEvent(incoming, match, requestId);
  const outcome = await withTimeout(options.invoke(match.route.functionName, event), options.integrationTimeoutMs ?? DEFAULT_INTEGRATION_TIMEOUT_MS);
  let response: HttpResponse;
  if (outcome === "timed-out") response = gatewayResponse("timedOut", requestId);
  else if (outcome.error) response = gatewayResponse("internalServerError", requestId);
  else response = fromProxyResult(outcome.payload, requestId);
  const failure = outcome !== "timed-out" && outcome.error ? ` [${outcome.error.errorType}: ${outcome.error.errorMessage}]` : "";
  logLine(response, `${match.route.functionName}${failure}`);
  return response;
}

/** Decodes each path segment for matching; a segment that is not valid percent-encoding stays as sent. */
function decodeSegments(rawPath: string): string {
  return rawPath
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | "timed-out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function send(response: ServerResponse, answer: HttpResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of answer.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  headers["Content-Length"] = String(answer.body.length);
  response.writeHead(answer.statusCode, headers);
  response.end(answer.body);
}
