import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, validOrder, withRecordingLambda } from "./support/api";
import { handler } from "../../src/api/orders-api";
import { proxyEvent } from "./support/api";
import { setLambdaClient } from "../../src/adapters/lambda";

withLocalDynamo();
withRecordingLambda();
const logs = captureLogs();

describe("the orders API router", () => {
  it.each([
    ["GET", "/"],
    ["GET", "/customers"],
    ["POST", "/orders/abc/approval/extra"],
    ["GET", "/orders/abc/history"],
  ])("answers 404 for %s %s", async (method, path) => {
    const answer = await call({ method, path });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("not_found");
  });

  it.each([
    ["GET", "/orders", "POST"],
    ["DELETE", "/orders/ord_1", "GET"],
    ["PUT", "/orders/ord_1", "GET"],
    ["GET", "/orders/ord_1/approval", "POST"],
  ])("answers 405 with an Allow header for %s %s", async (method, path, allow) => {
    const answer = await call({ method, path });
    expect(answer.status).toBe(405);
    expect(errorOf(answer).code).toBe("method_not_allowed");
    expect(answer.headers.allow).toBe(allow);
  });

  it("accepts a trailing slash", async () => {
    const answer = await call({ method: "GET", path: "/orders/ord_unknown/" });
    expect(answer.status).toBe(404);
    expect(errorOf(answer).code).toBe("order_not_found");
  });

  it("answers an unexpected failure with a generic 500 and logs only its class name", async () => {
    const ordersTable = process.env.ORDERS_TABLE;
    process.env.ORDERS_TABLE = "NoSuchTable";
    try {
      const answer = await call({ method: "GET", path: "/orders/ord_0123" });

      expect(answer.status).toBe(500);
      expect(errorOf(answer)).toEqual({ code: "internal_error", message: "The request could not be processed. Try again later." });
      expect(answer.raw.body).not.toMatch(/NoSuchTable|resource not found/i);
      const logged = logs.lines.join("\n");
      expect(logged).toContain('"errorName":"ResourceNotFoundException"');
    } finally {
      process.env.ORDERS_TABLE = ordersTable;
    }
  });

  it("answers 502, not a stack trace, when the Lambda client fails in an unknown way", async () => {
    setLambdaClient({
      send: async () => {
        throw new TypeError("secret internals at /var/task/index.js:1:1");
      },
    });

    const answer = await call({ method: "POST", path: "/orders", body: validOrder() });

    expect(answer.status).toBe(502);
    expect(errorOf(answer).code).toBe("workflow_start_failed");
    expect(answer.raw.body).not.toContain("secret");
    expect(logs.lines.join("\n")).not.toContain("secret internals");
  });

  it("never writes a customer's email or address to the logs", async () => {
    const order = validOrder({ customerEmail: "grace.hopper@example.org", shippingAddress: { line1: "42 Secret Lane", city: "Arlington", state: "VA", zip: "22201" } });
    const created = await call({ method: "POST", path: "/orders", body: order, headers: { "Idempotency-Key": "pii-log-check-1" } });
    await call({ method: "POST", path: "/orders", body: order, headers: { "Idempotency-Key": "pii-log-check-1" } });
    await call({ method: "GET", path: (created.json as { statusUrl: string }).statusUrl });
    await call({ method: "POST", path: "/orders", body: { ...order, items: [] } });

    const logged = logs.lines.join("\n");
    expect(logged).toContain((created.json as { orderId: string }).orderId);
    expect(logged).not.toMatch(/grace\.hopper|Secret Lane|Arlington|22201/);
  });

  it("answers with JSON even when the event has no headers or body", async () => {
    const event = { ...proxyEvent({ method: "POST", path: "/orders" }), headers: {}, multiValueHeaders: {}, body: null };
    const raw = await handler(event);
    expect(raw.statusCode).toBe(400);
    expect(JSON.parse(raw.body)).toMatchObject({ error: { code: "invalid_json" } });
  });
});
