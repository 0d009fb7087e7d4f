/**
 * Drives the API handler the way API Gateway's REST proxy integration does, and reads
 * its answers back as JSON.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from "aws-lambda";
import { handler } from "../../../src/api/orders-api";
import { setLambdaClient } from "../../../src/adapters/lambda";
import { RecordingLambdaClient } from "./recording-lambda";

export const WORKFLOW_ALIAS_ARN = "arn:aws:lambda:us-east-2:000000000000:function:OrderWorkflowFunction:live";

export interface ApiCall {
  method: string;
  path: string;
  /** Objects are sent as JSON; strings are sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
}

export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  json: unknown;
  raw: APIGatewayProxyResult;
}

let requestCounter = 0;

export function proxyEvent({ method, path, body, headers = {}, isBase64Encoded = false }: ApiCall): APIGatewayProxyEvent {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  const sentHeaders: Record<string, string> = body !== undefined && typeof body !== "string" ? { "Content-Type": "application/json", ...headers } : { ...headers };
  const multiValueHeaders = Object.fromEntries(Object.entries(sentHeaders).map(([name, value]) => [name, [value]]));
  requestCounter += 1;
  const requestId = `test-request-${requestCounter}`;
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: sentHeaders,
    multiValueHeaders,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: text,
    isBase64Encoded,
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      authorizer: null,
      protocol: "HTTP/1.1",
      httpMethod: method,
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
        sourceIp: "127.0.0.1",
        user: null,
        userAgent: "jest",
        userArn: null,
      },
      path: `/test${path}`,
      stage: "test",
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: "local",
      resourcePath: path,
    },
  };
}

/** Calls the handler as API Gateway would; `lambdaContext` as Lambda passes it (left out, as a caller outside Lambda). */
export async function call(request: ApiCall, lambdaContext?: Context): Promise<ApiAnswer> {
  const raw = await handler(proxyEvent(request), lambdaContext);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw.headers ?? {})) headers[name.toLowerCase()] = String(value);
  return { status: raw.statusCode, headers, json: raw.body ? (JSON.parse(raw.body) as unknown) : undefined, raw };
}

/** A fresh recording Lambda client for each test, with the workflow alias set as the template sets it. */
export function withRecordingLambda(): { readonly lambda: RecordingLambdaClient } {
  let lambda = new RecordingLambdaClient();
  beforeAll(() => {
    process.env.ORDER_WORKFLOW_FUNCTION = WORKFLOW_ALIAS_ARN;
  });
  beforeEach(() => {
    lambda = new RecordingLambdaClient();
    setLambdaClient(lambda);
  });
  afterAll(() => setLambdaClient(undefined));
  return {
    get lambda() {
      return lambda;
    },
  };
}

/** A valid order for CA: 2 × BOOK-001 and 1 × MOUSE-001. */
export function validOrder(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    customerId: "cust-001",
    customerEmail: "ada@example.com",
    shippingAddress: { line1: "1 Main St", city: "Sacramento", state: "CA", zip: "95814" },
    items: [
      { productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 2, price: 39.99 },
      { productId: "MOUSE-001", name: "Wireless Mouse", quantity: 1, price: 24.99 },
    ],
    ...overrides,
  };
}

/** The `error` member of an error answer, checked for the shape every error has. */
export function errorOf(answer: ApiAnswer): { code: string; message: string; details?: { field: string; message: string }[] } {
  const body = answer.json as { error?: { code?: unknown; message?: unknown; details?: unknown } };
  expect(body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
  expect(answer.headers["content-type"]).toMatch(/^application\/json/);
  expect(answer.raw.body).not.toMatch(/\n\s+at |\.ts:\d+|node_modules/);
  return body.error as { code: string; message: string; details?: { field: string; message: string }[] };
}

export function fieldsOf(answer: ApiAnswer): string[] {
  return (errorOf(answer).details ?? []).map((detail) => detail.field);
}

/** Powertools pretty-prints in dev mode (as the tests run it); one line per entry reads better in assertions. */
function compactJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Collects the API's log lines instead of printing them; `lines` holds every line written in the current test file. */
export function captureLogs(): { readonly lines: string[] } {
  const lines: string[] = [];
  beforeAll(() => {
    for (const method of ["info", "warn", "error"] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(compactJson(args.map(String).join(" ")));
      });
    }
  });
  afterAll(() => jest.restoreAllMocks());
  return { lines };
}
