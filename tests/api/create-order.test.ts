import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { TooManyRequestsException, InvalidParameterValueException } from "@aws-sdk/client-lambda";
import { getOrder } from "../../src/adapters/orders-repository";
import { withLocalDynamo } from "../support/local-env";
import { call, captureLogs, errorOf, fieldsOf, validOrder, withRecordingLambda, WORKFLOW_ALIAS_ARN } from "./support/api";

const local = withLocalDynamo();
const recording = withRecordingLambda();
captureLogs();

function postOrder(body: unknown, headers: Record<string, string> = {}) {
  return call({ method: "POST", path: "/orders", body, headers });
}

async function orderCount(): Promise<number> {
  const { Count } = await local.doc.send(new ScanCommand({ TableName: process.env.ORDERS_TABLE, Select: "COUNT" }));
  return Count ?? 0;
}

describe("POST /orders", () => {
  it("accepts a valid order with 202, a Location, and the order stored as received", async () => {
    const answer = await postOrder(validOrder());

    expect(answer.status).toBe(202);
    const body = answer.json as { orderId: string; status: string; statusUrl: string };
    expect(body.orderId).toMatch(/^ord_[0-9a-f]{32}$/);
    expect(body).toEqual({ orderId: body.orderId, status: "received", statusUrl: `/orders/${body.orderId}` });
    expect(answer.headers.location).toBe(`/orders/${body.orderId}`);

    const stored = await getOrder(body.orderId);
    expect(stored).toMatchObject({
      orderId: body.orderId,
      status: "received",
      statusHistory: [{ status: "received", at: expect.any(String) }],
      items: [
        { productId: "BOOK-001", quantity: 2, unitPriceCents: 3999 },
        { productId: "MOUSE-001", quantity: 1, unitPriceCents: 2499 },
      ],
    });
  });

  it("starts the workflow with an Event invoke of the alias, named after the order", async () => {
    const answer = await postOrder(validOrder({ paymentToken: "tok_visa" }));
    const { orderId } = answer.json as { orderId: string };

    expect(recording.lambda.invokes).toEqual([
      {
        FunctionName: WORKFLOW_ALIAS_ARN,
        InvocationType: "Event",
        DurableExecutionName: `order-${orderId}`,
        payload: { orderId, order: { ...validOrder(), paymentToken: "tok_visa" } },
      },
    ]);
  });

  it("stores the durable execution ARN that Lambda returns", async () => {
    const { orderId } = (await postOrder(validOrder())).json as { orderId: string };

    const stored = await getOrder(orderId);
    expect(stored?.executionArn).toMatch(new RegExp(`/durable-execution/order-${orderId}/`));
  });

  it("accepts a content type with a UTF-8 charset, in any header case", async () => {
    const answer = await call({ method: "POST", path: "/orders", body: JSON.stringify(validOrder()), headers: { "CONTENT-TYPE": "Application/JSON; charset=UTF-8" } });
    expect(answer.status).toBe(202);
  });

  it("reads a base64-encoded body", async () => {
    const body = Buffer.from(JSON.stringify(validOrder())).toString("base64");
    const answer = await call({ method: "POST", path: "/orders", body, isBase64Encoded: true, headers: { "content-type": "application/json" } });
    expect(answer.status).toBe(202);
  });

  describe("refuses bad input without writing an order or starting anything", () => {
    const cases: { title: string; body: unknown; fields: string[] }[] = [
      { title: "a missing customerEmail", body: validOrder({ customerEmail: undefined }), fields: ["customerEmail"] },
      { title: "an unknown US state", body: validOrder({ shippingAddress: { state: "ZZ", zip: "95814" } }), fields: ["shippingAddress.state"] },
      {
        title: "zero quantity and a price with three decimals",
        body: validOrder({ items: [{ productId: "BOOK-001", name: "Book", quantity: 0, price: 1.234 }] }),
        fields: ["items[0].quantity", "items[0].price"],
      },
      { title: "an empty item list", body: validOrder({ items: [] }), fields: ["items"] },
      { title: "an extra field", body: validOrder({ discount: 50 }), fields: ["discount"] },
      { title: "a __proto__ key", body: JSON.parse(`{"__proto__": {"admin": true}, ${JSON.stringify(validOrder()).slice(1)}`), fields: ["__proto__"] },
      { title: "a JSON array instead of an object", body: [validOrder()], fields: ["(root)"] },
    ];

    it.each(cases)("400 with field errors for $title", async ({ body, fields }) => {
      const before = await orderCount();
      const answer = await postOrder(body);

      expect(answer.status).toBe(400);
      const error = errorOf(answer);
      expect(error.code).toBe("validation_failed");
      expect(fieldsOf(answer)).toEqual(expect.arrayContaining(fields));
      expect(await orderCount()).toBe(before);
      expect(recording.lambda.invokes).toHaveLength(0);
    });

    it("400 invalid_json for a body that is not JSON", async () => {
      const answer = await call({ method: "POST", path: "/orders", body: '{"customerId": "c1",', headers: { "content-type": "application/json" } });
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe("invalid_json");
    });

    it("400 invalid_json for an empty body", async () => {
      const answer = await call({ method: "POST", path: "/orders", body: "", headers: { "content-type": "application/json" } });
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe("invalid_json");
    });

    it("413 for a body over 32 KB", async () => {
      const huge = validOrder({ customerId: "x".repeat(40 * 1024) });
      const answer = await postOrder(huge);
      expect(answer.status).toBe(413);
      expect(errorOf(answer).code).toBe("payload_too_large");
    });

    it("413 for a base64 body that decodes to over 32 KB", async () => {
      const body = Buffer.from(JSON.stringify(validOrder({ customerId: "x".repeat(33 * 1024) }))).toString("base64");
      const answer = await call({ method: "POST", path: "/orders", body, isBase64Encoded: true, headers: { "content-type": "application/json" } });
      expect(answer.status).toBe(413);
    });

    it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["application/json; charset=latin1"], ["application/jsonp"]])(
      "415 for content type %s",
      async (contentType) => {
        const answer = await call({ method: "POST", path: "/orders", body: JSON.stringify(validOrder()), headers: { "content-type": contentType } });
        expect(answer.status).toBe(415);
        expect(errorOf(answer).code).toBe("unsupported_media_type");
      },
    );

    it("415 when the content type is missing", async () => {
      const answer = await call({ method: "POST", path: "/orders", body: JSON.stringify(validOrder()) });
      expect(answer.status).toBe(415);
    });
  });

  describe("when Lambda will not start the workflow", () => {
    it("marks the order failed and answers 503 with Retry-After when Lambda throttles", async () => {
      recording.lambda.failNextWith(new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} }));
      const before = await orderCount();

      const answer = await postOrder(validOrder());

      expect(answer.status).toBe(503);
      expect(errorOf(answer).code).toBe("service_unavailable");
      expect(answer.headers["retry-after"]).toBe("1");
      const { Items = [] } = await local.doc.send(new ScanCommand({ TableName: process.env.ORDERS_TABLE }));
      expect(Items).toHaveLength(before + 1);
      expect(Items.filter((item) => item.status === "failed").map((item) => item.failureReason)).toContain("the order workflow could not be started");
    });

    it("answers 502 when Lambda refuses the invoke", async () => {
      recording.lambda.failNextWith(new InvalidParameterValueException({ message: "unqualified", $metadata: {} }));
      const answer = await postOrder(validOrder());
      expect(answer.status).toBe(502);
      expect(errorOf(answer)).toEqual({ code: "workflow_start_failed", message: expect.stringMatching(/^The workflow for order ord_\w+ could not be started\.$/) });
    });

    it("lets a retry with the same Idempotency-Key create a fresh order", async () => {
      recording.lambda.failNextWith(new TooManyRequestsException({ message: "Rate exceeded", $metadata: {} }));
      const headers = { "Idempotency-Key": "retry-after-throttle-1" };
      const first = await postOrder(validOrder(), headers);
      const second = await postOrder(validOrder(), headers);

      expect(first.status).toBe(503);
      expect(second.status).toBe(202);
      expect(recording.lambda.invokes).toHaveLength(1);
    });
  });
});
