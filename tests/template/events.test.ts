/**
 * Every file in events/ is a valid input for the function it is named after, so
 * `sam local invoke <Function> -e events/<file>` and the README's examples run as shown.
 *
 * File names say the target: api-* → OrdersApiFunction, workflow-* → OrderWorkflowFunction,
 * worker-<inventory|payment|shipping|tax>-* → that worker, schedule-redriver* and redriver-* → OrderRedriverFunction.
 */
import { readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { parseOrderInput } from "../../src/domain/order";
import { ORDER_ID_PATTERN } from "../../src/api/routes/route";
import { MAX_NAMED_ORDERS } from "../../src/redriver/order-redriver";
import { inventoryRequestSchema, paymentRequestSchema, shippingRequestSchema, taxRequestSchema } from "../../src/workers/requests";
import { functionFacts, PROJECT_ROOT, TEMPLATE } from "./support/template-facts";

const EVENTS_DIR = resolve(PROJECT_ROOT, "events");
const files = readdirSync(EVENTS_DIR).filter((name) => name.endsWith(".json")).sort();
const read = (name: string): unknown => JSON.parse(readFileSync(resolve(EVENTS_DIR, name), "utf8"));

const TARGETS = [
  { prefix: "api-", fn: "OrdersApiFunction" },
  { prefix: "workflow-", fn: "OrderWorkflowFunction" },
  { prefix: "worker-inventory-", fn: "InventoryFunction" },
  { prefix: "worker-payment-", fn: "PaymentFunction" },
  { prefix: "worker-shipping-", fn: "ShippingFunction" },
  { prefix: "worker-tax-", fn: "TaxFunction" },
  { prefix: "schedule-redriver", fn: "OrderRedriverFunction" },
  { prefix: "redriver-", fn: "OrderRedriverFunction" },
] as const;

const targetOf = (name: string) => TARGETS.find((target) => name.startsWith(target.prefix))?.fn;
const filesFor = (fn: string) => files.filter((name) => targetOf(name) === fn);

const seed = (JSON.parse(readFileSync(resolve(PROJECT_ROOT, "data", "inventory-seed.json"), "utf8")) as { products: Array<{ productId: string; priceUsd: number }> }).products;
const seedPrice = new Map(seed.map((product) => [product.productId, product.priceUsd]));
const thresholdUsd = Number(TEMPLATE.Parameters?.ApprovalThresholdUsd?.Default);

interface OrderItemInput {
  productId: string;
  quantity: number;
  price: number;
}
const subtotalUsd = (order: { items: OrderItemInput[] }) => order.items.reduce((sum, item) => sum + item.quantity * item.price, 0);

// ----------------------------------------------------------------- API events
const apiRoutes = Object.values(
  (functionFacts().find((fn) => fn.logicalId === "OrdersApiFunction")!.properties.Events ?? {}) as Record<string, { Properties: { Path: string; Method: string } }>,
).map((event) => ({ resource: event.Properties.Path, method: event.Properties.Method.toUpperCase() }));

const apiGatewayProxyEvent = z.object({
  resource: z.string(),
  path: z.string(),
  httpMethod: z.string(),
  headers: z.record(z.string(), z.string()),
  multiValueHeaders: z.record(z.string(), z.array(z.string())),
  queryStringParameters: z.record(z.string(), z.string()).nullable(),
  multiValueQueryStringParameters: z.record(z.string(), z.array(z.string())).nullable(),
  pathParameters: z.record(z.string(), z.string()).nullable(),
  stageVariables: z.record(z.string(), z.string()).nullable(),
  requestContext: z.looseObject({
    accountId: z.string(),
    apiId: z.string(),
    httpMethod: z.string(),
    path: z.string(),
    requestId: z.string(),
    resourcePath: z.string(),
    stage: z.string(),
    identity: z.looseObject({ sourceIp: z.string() }),
  }),
  body: z.string().nullable(),
  isBase64Encoded: z.literal(false),
});
type ApiEvent = z.infer<typeof apiGatewayProxyEvent>;

/** The approval body as POST /orders/{orderId}/approval accepts it. */
const approvalBody = z.strictObject({ approved: z.boolean(), reason: z.string().max(500).optional() });

// -------------------------------------------------------------- worker events
// Each worker's own runtime check (src/workers/requests.ts), typed against contracts.ts.
const orderId = z.string().regex(ORDER_ID_PATTERN);

const WORKER_SCHEMAS: Record<string, { schema: { safeParse(input: unknown): { success: boolean; error?: { issues: unknown[] } } }; actions: string[] }> = {
  InventoryFunction: { schema: inventoryRequestSchema, actions: ["check", "reserve", "release", "ship"] },
  PaymentFunction: { schema: paymentRequestSchema, actions: ["authorize", "capture", "refund", "void"] },
  ShippingFunction: { schema: shippingRequestSchema, actions: ["quote", "label", "pickupStatus"] },
  TaxFunction: { schema: taxRequestSchema, actions: ["calculate"] },
};

describe("events/", () => {
  it("names its target function in every file name, and every target is in the template", () => {
    const functions = new Set(functionFacts().map((fn) => fn.logicalId));
    expect(files.filter((name) => !targetOf(name))).toEqual([]);
    expect(TARGETS.filter((target) => !functions.has(target.fn))).toEqual([]);
  });

  it("has at least one event for every function", () => {
    expect(TARGETS.filter((target) => filesFor(target.fn).length === 0).map((target) => target.fn)).toEqual([]);
  });
});

describe("API Gateway events (OrdersApiFunction)", () => {
  const apiFiles = filesFor("OrdersApiFunction");

  it("cover creating a CA order, a high-value order, a multi-item NY order, an invalid order, reading an order and approving one", () => {
    expect(apiFiles).toEqual(
      expect.arrayContaining([
        "api-create-order-ca.json",
        "api-create-order-high-value.json",
        "api-create-order-ny-multi-item.json",
        "api-create-order-invalid.json",
        "api-get-order.json",
        "api-approve-order.json",
      ]),
    );
  });

  describe.each(apiFiles)("%s", (name) => {
    const event = read(name) as ApiEvent;

    it("is a REST API proxy event for a route the template declares", () => {
      expect(apiGatewayProxyEvent.safeParse(event).error?.issues ?? []).toEqual([]);
      expect(apiRoutes).toContainEqual({ resource: event.resource, method: event.httpMethod });
      const expectedPath = event.resource.replace(/\{(\w+)\}/g, (_m, key: string) => event.pathParameters?.[key] ?? `{${key}}`);
      expect(event.path).toBe(expectedPath);
      expect(event.requestContext).toMatchObject({ resourcePath: event.resource, httpMethod: event.httpMethod });
      if (event.pathParameters?.orderId !== undefined) expect(event.pathParameters.orderId).toMatch(ORDER_ID_PATTERN);
    });

    it("sends a JSON body exactly when the method has one", () => {
      if (event.httpMethod === "POST") {
        expect(event.headers["content-type"]).toBe("application/json");
        expect(() => JSON.parse(event.body ?? "")).not.toThrow();
      } else {
        expect(event.body).toBeNull();
      }
    });
  });

  it.each(apiFiles.filter((name) => name.startsWith("api-create-order-") && name !== "api-create-order-invalid.json"))(
    "%s carries an order the domain accepts, priced from the inventory seed",
    (name) => {
      const order = JSON.parse((read(name) as ApiEvent).body!) as { items: OrderItemInput[] };
      const parsed = parseOrderInput(order);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      expect(order.items.map((item) => [item.productId, item.price])).toEqual(order.items.map((item) => [item.productId, seedPrice.get(item.productId)]));
    },
  );

  it("api-create-order-invalid.json carries an order the domain refuses, field by field", () => {
    const parsed = parseOrderInput(JSON.parse((read("api-create-order-invalid.json") as ApiEvent).body!));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(new Set(parsed.errors.map((error) => error.field.split(/[.[]/)[0])).size).toBeGreaterThan(2);
  });

  it("the high-value order is above the default approval threshold and the CA one below it", () => {
    const subtotal = (name: string) => subtotalUsd(JSON.parse((read(name) as ApiEvent).body!) as { items: OrderItemInput[] });
    expect(subtotal("api-create-order-high-value.json")).toBeGreaterThan(thresholdUsd);
    expect(subtotal("api-create-order-ca.json")).toBeLessThan(thresholdUsd);
  });

  it.each(apiFiles.filter((name) => (read(name) as ApiEvent).resource === "/orders/{orderId}/approval"))("%s carries a valid approval decision", (name) => {
    const body = approvalBody.safeParse(JSON.parse((read(name) as ApiEvent).body!));
    expect(body.error?.issues ?? []).toEqual([]);
  });
});

describe("orchestrator payloads (OrderWorkflowFunction)", () => {
  const workflowFiles = filesFor("OrderWorkflowFunction");
  const payload = z.strictObject({ orderId: orderId.optional(), order: z.unknown() });

  it("include a low-value CA order, a high-value order and a multi-item NY order", () => {
    expect(workflowFiles).toEqual(expect.arrayContaining(["workflow-low-value-ca.json", "workflow-high-value.json", "workflow-multi-item-ny.json"]));
    expect(subtotalUsd((read("workflow-high-value.json") as { order: { items: OrderItemInput[] } }).order)).toBeGreaterThan(thresholdUsd);
    expect(subtotalUsd((read("workflow-low-value-ca.json") as { order: { items: OrderItemInput[] } }).order)).toBeLessThan(thresholdUsd);
  });

  it.each(workflowFiles)("%s is { orderId?, order } with an order the domain accepts", (name) => {
    const parsed = payload.safeParse(read(name));
    expect(parsed.error?.issues ?? []).toEqual([]);
    const order = parseOrderInput(parsed.data?.order);
    expect(order.ok ? [] : order.errors).toEqual([]);
  });
});

describe("scheduled events (OrderRedriverFunction)", () => {
  it("is the EventBridge Scheduled Event that its Schedule event delivers", () => {
    const events = filesFor("OrderRedriverFunction").filter((name) => name.startsWith("schedule-"));
    expect(events.length).toBeGreaterThan(0);
    const schedules = Object.values((functionFacts().find((fn) => fn.logicalId === "OrderRedriverFunction")!.properties.Events ?? {}) as Record<string, { Type: string }>);
    expect(schedules.map((event) => event.Type)).toEqual(["Schedule"]);
    for (const name of events) {
      expect(read(name)).toMatchObject({ "detail-type": "Scheduled Event", source: "aws.events", detail: {}, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    }
  });
});

describe("operator events (OrderRedriverFunction)", () => {
  it("name the orders to decide now, as the re-driver accepts them", () => {
    const events = filesFor("OrderRedriverFunction").filter((name) => name.startsWith("redriver-"));
    expect(events.length).toBeGreaterThan(0);
    const recoverOrders = z.strictObject({ orderIds: z.array(orderId).min(1).max(MAX_NAMED_ORDERS) });
    for (const name of events) expect(recoverOrders.safeParse(read(name)).error?.issues ?? []).toEqual([]);
  });
});

describe("worker payloads", () => {
  describe.each(Object.entries(WORKER_SCHEMAS))("%s", (fn, { schema, actions }) => {
    const workerFiles = filesFor(fn);

    it.each(workerFiles)("%s matches the worker's request contract", (name) => {
      const parsed = schema.safeParse(read(name));
      expect(parsed.error?.issues ?? []).toEqual([]);
    });

    it("has one payload per action", () => {
      const covered = workerFiles.map((name) => (read(name) as { action: string }).action).sort();
      expect(covered).toEqual([...actions].sort());
    });
  });
});
