import type { APIGatewayProxyEvent } from "aws-lambda";
import { startApiGateway, type LocalApiGateway } from "../../src/local/api-gateway";
import { apiRoutes, matchRoute } from "../../src/local/api-routes";
import { LocalFunctionRuntime } from "../../src/local/function-runtime";
import { createResolutionContext } from "../../src/local/intrinsics";
import { functionSpecs } from "../../src/local/functions";
import { loadTemplate } from "../../src/local/template";
import { fixtureContext, fixtureFunctions } from "./fixtures/fixture-template";

const functions = fixtureFunctions();
const routes = apiRoutes(fixtureContext(), functions);
const runtime = new LocalFunctionRuntime({ functions, log: () => undefined });
let gateway: LocalApiGateway;

beforeAll(async () => {
  gateway = await startApiGateway({ port: 0, routes, invoke: (name, event) => runtime.invoke(name, event) });
});
afterAll(async () => {
  await gateway.close();
  await runtime.close();
});

async function echo(path: string, init: RequestInit = {}): Promise<APIGatewayProxyEvent> {
  const response = await fetch(`${gateway.url}${path}`, init);
  expect(response.status).toBe(200);
  return (await response.json()) as APIGatewayProxyEvent;
}

describe("routes from the template", () => {
  test("the app's three API events become routes to the API function, the approval route marked AWS_IAM", () => {
    const context = createResolutionContext(loadTemplate());
    const appRoutes = apiRoutes(context, functionSpecs(context));
    expect(appRoutes.map((r) => `${r.method} ${r.resourcePath} -> ${r.functionLogicalId}`).sort()).toEqual([
      "GET /orders/{orderId} -> OrdersApiFunction",
      "POST /orders -> OrdersApiFunction",
      "POST /orders/{orderId}/approval -> OrdersApiFunction",
    ]);
    expect(appRoutes.find((r) => r.resourcePath.endsWith("/approval"))?.authorizer).toBe("AWS_IAM");
    expect(appRoutes.every((r) => r.stage === "dev")).toBe(true);
  });

  test("a literal segment wins over a path parameter, and a greedy path takes the rest of the path", () => {
    expect(matchRoute(routes, "GET", "/things/special")?.route.eventName).toBe("Static");
    expect(matchRoute(routes, "GET", "/things/t-1")).toMatchObject({ route: { eventName: "One" }, pathParameters: { thingId: "t-1" } });
    expect(matchRoute(routes, "GET", "/files/a/b/c.txt")?.pathParameters).toEqual({ proxy: "a/b/c.txt" });
    expect(matchRoute(routes, "DELETE", "/things/t-1/parts/p-2")?.route.eventName).toBe("Nested");
    expect(matchRoute(routes, "DELETE", "/things/t-1")).toBeUndefined();
  });
});

describe("requests become API Gateway proxy events", () => {
  test("path parameters, resource, method, stage and request id are filled in", async () => {
    const event = await echo("/things/t%201/parts/p-2", { method: "PUT" });
    expect(event).toMatchObject({
      resource: "/things/{thingId}/parts/{partId}",
      path: "/things/t%201/parts/p-2",
      httpMethod: "PUT",
      pathParameters: { thingId: "t 1", partId: "p-2" },
      queryStringParameters: null,
      multiValueQueryStringParameters: null,
      stageVariables: null,
      body: null,
      isBase64Encoded: false,
      requestContext: {
        stage: "test",
        resourcePath: "/things/{thingId}/parts/{partId}",
        path: "/test/things/t%201/parts/p-2",
        httpMethod: "PUT",
        apiId: "echoapi",
        accountId: "000000000000",
        identity: { sourceIp: "127.0.0.1" },
      },
    });
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("headers keep the client's spelling, with repeated headers and query parameters in the multi-value maps", async () => {
    const headers = new Headers([
      ["X-Trace-Id", "abc"],
      ["Accept", "text/plain"],
      ["Accept", "application/json"],
    ]);
    const event = await echo("/things/t-1?color=red&size=L&color=blue", { headers });
    expect(event.queryStringParameters).toEqual({ color: "blue", size: "L" });
    expect(event.multiValueQueryStringParameters).toEqual({ color: ["red", "blue"], size: ["L"] });
    const traceHeader = Object.keys(event.headers).find((name) => name.toLowerCase() === "x-trace-id");
    expect(traceHeader && event.headers[traceHeader]).toBe("abc");
    const acceptHeader = Object.keys(event.multiValueHeaders).find((name) => name.toLowerCase() === "accept")!;
    expect(event.multiValueHeaders[acceptHeader]?.join(",")).toContain("application/json");
  });

  test("a text body arrives as a string and a binary media type as base64", async () => {
    const json = await echo("/things", { method: "POST", body: JSON.stringify({ a: 1 }), headers: { "content-type": "application/json" } });
    expect(json).toMatchObject({ body: '{"a":1}', isBase64Encoded: false });
    const bytes = await echo("/things", { method: "POST", body: new Uint8Array([0, 255]), headers: { "content-type": "application/octet-stream" } });
    expect(bytes).toMatchObject({ body: Buffer.from([0, 255]).toString("base64"), isBase64Encoded: true });
  });
});

describe("function results become HTTP responses", () => {
  test("status, headers and multi-value headers are sent as the function returned them", async () => {
    const response = await fetch(`${gateway.url}/things/t-1`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
    expect(response.headers.get("x-amzn-requestid")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("a base64-encoded body is decoded to bytes", async () => {
    const response = await fetch(`${gateway.url}/download`);
    expect(response.status).toBe(201);
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  test("a function error or a malformed result is API Gateway's 502 Internal server error", async () => {
    for (const path of ["/throws", "/broken"]) {
      const response = await fetch(`${gateway.url}${path}`);
      expect([path, response.status, await response.json()]).toEqual([path, 502, { message: "Internal server error" }]);
    }
  });

  test("a path or method no route declares is API Gateway's 403 Missing Authentication Token", async () => {
    for (const [method, path] of [["GET", "/nowhere"], ["DELETE", "/things"], ["GET", "/things/a/b"]] as const) {
      const response = await fetch(`${gateway.url}${path}`, { method });
      expect([method, path, response.status, await response.json()]).toEqual([method, path, 403, { message: "Missing Authentication Token" }]);
    }
  });
});
