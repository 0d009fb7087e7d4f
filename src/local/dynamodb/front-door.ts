/**
 * The HTTP front door of the local DynamoDB: the DynamoDB JSON protocol (POST with
 * X-Amz-Target) served by one fixed pipeline, as dynalite's own front door does:
 * read body → parse JSON → target → authentication header present → types → validations
 * → operation. It serves dynalite's operations through dynalite's store plus
 * TransactWriteItems and TransactGetItems, meters every request, and answers
 * `GET`/`DELETE /_local/consumed-capacity` with the meter. Any credentials are accepted.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { CapacityMeter } from "./capacity-meter";
import { ClientRequestTokens } from "./client-request-tokens";
import { dynaliteDb, dynaliteValidations, isDynaliteError, type DynaliteError, type Store } from "./dynalite";
import { failed, type OperationOutcome } from "./outcome";
import { isOperationName, OPERATIONS, tableNamesOf, type OperationContext } from "./operations";
import { observeItemWrites } from "./store-keys";
import { authenticationError, internalServerError, serializationException, unknownOperationException } from "./wire-errors";

const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const API_VERSIONS = new Set(["DynamoDB_20111205", "DynamoDB_20120810"]);
export const CONSUMED_CAPACITY_PATH = "/_local/consumed-capacity";

export interface DynamoServerOptions {
  /** Keep data in this folder (LevelDB); in memory when absent. */
  dataDir?: string;
}

export interface DynamoServer {
  server: Server;
  store: Store;
  meter: CapacityMeter;
  /** Stops accepting requests, then closes the database once pending writes are done. */
  close(): Promise<void>;
}

export async function createDynamoServer(options: DynamoServerOptions = {}): Promise<DynamoServer> {
  const store = dynaliteDb.create({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(options.dataDir ? { path: options.dataDir } : {}) });
  const meter = new CapacityMeter();
  observeItemWrites(store, (tableName, item) => meter.recordItemWritten(tableName, item));
  const tokens = new ClientRequestTokens(store);
  await tokens.load();
  const context: OperationContext = { store, tokens };

  const server = createServer((req, res) => {
    handle(context, meter, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, internalServerError(String(error)).body, 500);
      else res.destroy();
    });
  });
  return {
    server,
    store,
    meter,
    close: async () => {
      await new Promise<void>((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeIdleConnections();
      });
      await new Promise<void>((resolvePromise, reject) => store.db.close((error) => (error ? reject(error) : resolvePromise())));
    },
  };
}

async function handle(context: OperationContext, meter: CapacityMeter, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  if (body === undefined) {
    res.statusCode = 413;
    res.end();
    return;
  }
  res.setHeader("x-amzn-RequestId", randomBytes(39).toString("base64").toUpperCase().replace(/[+/]/g, "0"));
  if (req.headers.origin) {
    res.setHeader("Access-Control-Allow-Origin", "*");
    if (req.method === "OPTIONS") return answerPreflight(req, res);
  }

  if (new URL(req.url ?? "/", "http://localhost").pathname === CONSUMED_CAPACITY_PATH) return serveMeter(meter, req, res);
  if (req.method === "GET") return sendText(res, 200, "healthy: dynamodb.us-east-1.amazonaws.com ", "text/plain");

  const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
  if (req.method !== "POST" || (body && contentType !== "application/json" && contentType !== "application/x-amz-json-1.0")) {
    return sendText(res, 404, "<UnknownOperationException/>\n", "text/xml");
  }
  const replyType = contentType === "application/x-amz-json-1.0" ? contentType : "application/json";

  let raw: unknown;
  if (body) {
    try {
      raw = JSON.parse(body);
    } catch {
      return send(res, serializationException().body, 400, replyType);
    }
  }
  const [apiVersion, name = "", ...rest] = String(req.headers["x-amz-target"] ?? "").split(".");
  if (rest.length > 0 || !API_VERSIONS.has(apiVersion ?? "") || !isOperationName(name)) {
    return send(res, unknownOperationException().body, 400, replyType);
  }
  const refused = authenticationProblem(req);
  if (refused) return send(res, refused.body, refused.statusCode, replyType);
  if (!body) return send(res, serializationException().body, 400, replyType);

  const operation = OPERATIONS[name];
  let outcome: OperationOutcome;
  try {
    const data = dynaliteValidations.checkTypes(raw, operation.validation.types);
    dynaliteValidations.checkValidations(data, operation.validation.types, operation.validation.custom, context.store);
    outcome = await operation.serve(context, data);
  } catch (error) {
    if (!isDynaliteError(error)) throw error;
    outcome = failed(error);
  }
  meter.recordRequest({ operation: name, tableNames: tableNamesOf(raw), failed: outcome.statusCode !== 200, consumed: outcome.consumed });
  send(res, outcome.body, outcome.statusCode, replyType);
}

/** The body as text, or undefined when it is larger than DynamoDB accepts. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > MAX_REQUEST_BYTES) {
        req.removeAllListeners("data");
        req.resume();
        resolvePromise(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolvePromise(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Signature Version 4 must be there (in the Authorization header or the query string)
 * with its parts; its value is not checked, as DynamoDB Local and dynalite do not either.
 */
function authenticationProblem(req: IncomingMessage): DynaliteError | undefined {
  const header = req.headers.authorization;
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  if (header && query.has("X-Amz-Algorithm")) {
    return authenticationError("InvalidSignatureException", "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if ((!header && !query.has("X-Amz-Algorithm")) || (header && !header.trim().startsWith("AWS4-"))) {
    return authenticationError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  }
  let message = "";
  if (header) {
    const present = new Set(header.split(/[, ]/).slice(1).filter(Boolean).filter((part) => part.split("=")[1]).map((part) => part.trim().split("=")[0]));
    for (const part of ["Credential", "Signature", "SignedHeaders"]) {
      if (!present.has(part)) message += `Authorization header requires '${part}' parameter. `;
    }
    if (!req.headers["x-amz-date"] && !req.headers.date) {
      message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
    }
    if (message) message += `Authorization=${header}`;
  } else {
    for (const part of ["X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date"]) {
      if (!query.get(part)) message += `AWS query-string parameters must include '${part}'. `;
    }
    if (message) message += "Re-examine the query-string parameters.";
  }
  return message ? authenticationError("IncompleteSignatureException", message) : undefined;
}

function serveMeter(meter: CapacityMeter, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === "GET") return send(res, meter.snapshot(), 200);
  if (req.method === "DELETE") {
    meter.reset();
    res.statusCode = 204;
    res.end();
    return;
  }
  res.setHeader("Allow", "GET, DELETE");
  send(res, { message: `${req.method} is not supported on ${CONSUMED_CAPACITY_PATH}; use GET or DELETE` }, 405);
}

function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const headers = req.headers["access-control-request-headers"];
  const method = req.headers["access-control-request-method"];
  if (headers) res.setHeader("Access-Control-Allow-Headers", headers);
  if (method) res.setHeader("Access-Control-Allow-Methods", method);
  res.setHeader("Access-Control-Max-Age", 172800);
  res.setHeader("Content-Length", 0);
  res.end();
}

function send(res: ServerResponse, body: unknown, statusCode: number, contentType = "application/json"): void {
  sendText(res, statusCode, JSON.stringify(body), contentType);
}

function sendText(res: ServerResponse, statusCode: number, text: string, contentType: string): void {
  res.statusCode = statusCode;
  // The AWS SDKs and the CLI check the CRC32 of DynamoDB replies.
  res.setHeader("x-amz-crc32", crc32(Buffer.from(text, "utf8")));
  res.setHeader("Content-Type", contentType);
  res.setHeader("Content-Length", Buffer.byteLength(text, "utf8"));
  res.end(text);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
