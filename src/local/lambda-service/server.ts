import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DurableEngine } from "./engine";
import { InvalidParameterValueError, LambdaServiceError, ServiceFaultError, UnknownOperationError } from "./errors";
import type { LambdaResponse, ServiceContext } from "./http-types";
import { dispatch, matchRoute } from "./router";
import { ExecutionStore } from "./store";
import { Defaults } from "./constants";
import type { LambdaService, LambdaServiceOptions } from "./types";

/** Starts the local Lambda service: restores the store, resumes RUNNING executions, then listens. */
export async function startLambdaService(options: LambdaServiceOptions): Promise<LambdaService> {
  const arn = { region: options.region ?? Defaults.region, accountId: options.accountId ?? Defaults.accountId };
  const timeScale = options.timeScale ?? Defaults.timeScale;
  if (!(timeScale >= 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be a number >= 0, got ${timeScale}`);
  const store = new ExecutionStore(options.dataDir);
  const engine = new DurableEngine(store, options.functions, {
    arn,
    timeScale,
    maxInvocationAttempts: options.maxInvocationAttempts ?? Defaults.maxInvocationAttempts,
  });
  const ctx: ServiceContext = { engine, store, functions: options.functions, arn };
  const requests = new Map<string, number>();
  const server = createServer((req, res) => void handle(ctx, requests, req, res));
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? Defaults.host;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${options.port} on ${host} is already in use (local Lambda service)`, { cause: error }) : error));
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  engine.resumeAll();
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://${host}:${port}`,
    port,
    close: () => closeService(server, engine),
    waitForExecution: async (executionArn) => engine.waitForCompletion(engine.requireExecution(executionArn)),
    getExecution: (executionArn) => {
      const record = store.getByArn(executionArn);
      return record && engine.summary(record);
    },
    listExecutions: () => store.all().sort((a, b) => a.startTimestamp - b.startTimestamp).map((r) => engine.summary(r)),
    requestCounts: () => Object.fromEntries(requests),
  };
}

async function closeService(server: Server, engine: DurableEngine): Promise<void> {
  await engine.close();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function handle(ctx: ServiceContext, requests: Map<string, number>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://localhost");
    const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
    const method = req.method ?? "GET";
    const route = matchRoute(method, rawPath);
    if (!route) throw new UnknownOperationError(method, rawPath);
    requests.set(route.operation, (requests.get(route.operation) ?? 0) + 1);
    let label: string;
    try {
      label = decodeURIComponent(route.rawLabel);
    } catch {
      throw new InvalidParameterValueError(`Malformed path parameter: ${route.rawLabel}`);
    }
    send(res, await dispatch(ctx, { operation: route.operation, label, query: url.searchParams, headers: req.headers, body }));
  } catch (error) {
    const wireError = error instanceof LambdaServiceError ? error : new ServiceFaultError(error instanceof Error ? error.message : String(error), { cause: error });
    if (!(error instanceof LambdaServiceError)) console.error("[lambda-service] unexpected error", error);
    send(res, {
      status: wireError.statusCode,
      headers: { "x-amzn-ErrorType": wireError.type },
      body: wireError.toBody(),
    });
  }
}

function send(res: ServerResponse, response: LambdaResponse): void {
  if (res.headersSent) return;
  const body = response.body === undefined ? "" : typeof response.body === "string" || Buffer.isBuffer(response.body) ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, {
    "Content-Type": "application/json",
    "x-amzn-RequestId": randomUUID(),
    ...response.headers,
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
