import { request } from "node:http";
import { createOrder, patchOrder, type NewOrder } from "../../src/adapters/orders-repository";
import { startConsole, type RunningConsole } from "../../src/console/server";
import { consoleTargetForStack, StackOutputsError, type StackDescriber } from "../../src/console/stack-outputs";
import { localConsoleTarget, type ConsoleTarget } from "../../src/console/target";
import { freePorts } from "../support/stack";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();
let target: ConsoleTarget;
let server: RunningConsole;
let deadLambda: string;

beforeAll(async () => {
  const [deadPort] = await freePorts(1);
  deadLambda = `http://127.0.0.1:${deadPort}`;
  target = localConsoleTarget({ lambdaEndpoint: deadLambda, dynamodbEndpoint: local.dynamo.endpoint });
  server = await startConsole({ target, port: 0 });
  const order: Omit<NewOrder, "orderId"> = { customerId: "cust-srv", customerEmail: "srv@example.com", shippingAddress: { state: "CA", zip: "94105" }, items: [{ productId: "BOOK-001", name: "Book", quantity: 1, unitPriceCents: 1000 }], paymentToken: "tok_visa" };
  await createOrder({ ...order, orderId: "ord_srv_waiting" });
  await patchOrder("ord_srv_waiting", { approval: { callbackId: "cb-srv", requestedAt: new Date().toISOString(), thresholdCents: 500_000 } });
  await createOrder({ ...order, orderId: "ord_srv_plain" });
});
afterAll(async () => {
  await server?.close();
  target?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
}

async function errorOf(response: Response): Promise<{ status: number; field?: string; title?: string; detail?: string }> {
  const body = (await response.json()) as { error: { field?: string; title?: string; detail?: string } };
  return { status: response.status, ...body.error };
}

describe("the console's actions", () => {
  it("take JSON from the console's own origin only", async () => {
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", "approved=true", { "content-type": "application/x-www-form-urlencoded" }))).toMatchObject({ status: 415, field: "content-type" });
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", { approved: true }, { "content-type": "application/json", origin: "http://attacker.example" }))).toMatchObject({ status: 403, field: "origin" });
    expect(await errorOf(await post("/api/executions/stop", { executionArn: `arn:${"x".repeat(20_000)}` }))).toMatchObject({ status: 413, field: "body" });
  });

  it("refuse a malformed decision, naming the field, and send nothing", async () => {
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", "{not json"))).toMatchObject({ status: 400, field: "body" });
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", { approved: "yes" }))).toMatchObject({ status: 400, field: "approved" });
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", { approved: false, reason: "  " }))).toMatchObject({ status: 400, field: "reason" });
    expect(await errorOf(await post("/api/orders/ord_srv_waiting/approval", { approved: true, reason: "r".repeat(501) }))).toMatchObject({ status: 400, field: "reason" });
    expect(await errorOf(await post("/api/orders/bad%20id/approval", { approved: true }))).toMatchObject({ status: 400, field: "orderId" });
    expect(await errorOf(await post("/api/executions/stop", { executionArn: "not-an-arn" }))).toMatchObject({ status: 400, field: "executionArn" });
  });

  it("answer 404 for an unknown order and 409 for one with no approval callback", async () => {
    expect(await errorOf(await post("/api/orders/ord_srv_missing/approval", { approved: true }))).toMatchObject({ status: 404, field: "orderId" });
    expect(await errorOf(await post("/api/orders/ord_srv_plain/approval", { approved: true }))).toMatchObject({ status: 409, field: "orderId" });
  });

  it("report a Lambda service that cannot be reached by its address", async () => {
    const failure = await errorOf(await post("/api/orders/ord_srv_waiting/approval", { approved: true }));
    expect(failure).toMatchObject({ status: 502, title: `Cannot reach the Lambda service at ${deadLambda}`, detail: "connection refused (ECONNREFUSED)" });
  });
});

describe("the console's pages", () => {
  it("answer only requests addressed to a loopback host (no DNS rebinding)", async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(`${server.url}/`, { headers: { host: "attacker.example" } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      });
      call.on("error", reject);
      call.end();
    });
    expect(status).toBe(421);
  });

  it("name a bad query parameter", async () => {
    const response = await fetch(`${server.url}/?status=shipped-to-mars`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("<code>status</code>");
    expect((await fetch(`${server.url}/executions?status=DONE`)).status).toBe(400);
    expect((await fetch(`${server.url}/orders/ord_srv_missing`)).status).toBe(404);
  });

  it("load nothing from another host, under a content security policy that allows none", async () => {
    const page = await fetch(`${server.url}/orders/ord_srv_waiting`);
    const text = await page.text();
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of ["/assets/console.js", "/assets/console.css"]) {
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/https?:\/\/|@import/);
    }
  });

  it("escape what they show", async () => {
    await patchOrder("ord_srv_plain", { failureReason: '<script>alert("x")</script>' });
    const text = await (await fetch(`${server.url}/orders/ord_srv_plain`)).text();
    expect(text).not.toContain('<script>alert("x")</script>');
    expect(text).toContain("&lt;script&gt;");
  });
});

describe("a deployed stack as the console's target", () => {
  const describer = (outputs: Record<string, string>): StackDescriber => ({
    send: async () => ({ Stacks: [{ StackStatus: "UPDATE_COMPLETE", Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })) }] }),
  });

  it("takes the table and the orchestrator from the stack's outputs", async () => {
    const deployed = await consoleTargetForStack({
      stackName: "orders-dev",
      region: "us-east-2",
      cloudFormation: describer({ OrdersTableName: "orders-dev-OrdersTable-ABC", OrderWorkflowFunctionName: "orders-dev-OrderWorkflowFunction-XYZ", ApiUrl: "https://x" }),
    });
    try {
      expect(deployed).toMatchObject({ ordersTable: "orders-dev-OrdersTable-ABC", workflowFunction: "orders-dev-OrderWorkflowFunction-XYZ", label: "stack orders-dev · us-east-2" });
      expect(await deployed.lambda.config.region()).toBe("us-east-2");
    } finally {
      deployed.close();
    }
  });

  it("says which output is missing, or why the stack could not be read", async () => {
    await expect(consoleTargetForStack({ stackName: "other", region: "us-east-2", cloudFormation: describer({ OrdersTableName: "t" }) })).rejects.toThrow(
      new StackOutputsError("stack other has no output OrderWorkflowFunctionName: is it a stack of this template (template.yaml)?"),
    );
    const denied: StackDescriber = {
      send: async () => {
        throw Object.assign(new Error("User is not authorized to perform: cloudformation:DescribeStacks"), { name: "AccessDenied" });
      },
    };
    await expect(consoleTargetForStack({ stackName: "s", region: "us-east-2", cloudFormation: denied })).rejects.toThrow(
      "cannot describe stack s in us-east-2: AccessDenied: User is not authorized to perform: cloudformation:DescribeStacks",
    );
  });
});
