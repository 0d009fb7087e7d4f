/** The deployment choices issue 4 asks of template.yaml, each pinned so a later edit cannot drop one. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { asList, functionFacts, PROJECT_ROOT, referencedLogicalIds, TEMPLATE } from "./support/template-facts";

const functions = functionFacts();
const resources = TEMPLATE.Resources;
const globals = TEMPLATE.Globals?.Function ?? {};

describe("Globals", () => {
  it("runs every function on nodejs22.x, arm64, with JSON logs and active tracing", () => {
    expect(globals).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Tracing: "Active", LoggingConfig: { LogFormat: "JSON" } });
    expect(functions.filter((fn) => ["Runtime", "Architectures", "Tracing"].some((key) => key in fn.properties)).map((fn) => fn.logicalId)).toEqual([]);
  });

  it("gives every function the Powertools layer of the version package-lock.json installs, and no bundle a second copy", () => {
    const lock = JSON.parse(readFileSync(resolve(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
    const installed = new Set(Object.entries(lock.packages).filter(([path]) => path.startsWith("node_modules/@aws-lambda-powertools/")).map(([, pkg]) => pkg.version));
    expect([...installed]).toHaveLength(1);
    const parameter = TEMPLATE.Parameters?.PowertoolsLayerArn;
    expect(parameter).toMatchObject({ Type: "AWS::SSM::Parameter::Value<String>", Default: `/aws/service/powertools/typescript/generic/all/${[...installed][0]}` });
    expect(globals.Layers).toEqual([{ Ref: "PowertoolsLayerArn" }]);
    expect(functions.filter((fn) => "Layers" in fn.properties).map((fn) => fn.logicalId)).toEqual([]);
    const bundlingPowertools = functions.filter((fn) => {
      const external = ((resources[fn.logicalId]!.Metadata as { BuildProperties?: { External?: string[] } } | undefined)?.BuildProperties?.External) ?? [];
      return !external.includes("@aws-lambda-powertools/*");
    });
    expect(bundlingPowertools.map((fn) => fn.logicalId)).toEqual([]);
  });
});

describe("durable orchestrator", () => {
  const durable = functions.filter((fn) => fn.properties.DurableConfig !== undefined);

  it("is OrderWorkflowFunction, the only durable function", () => {
    expect(durable.map((fn) => fn.logicalId)).toEqual(["OrderWorkflowFunction"]);
  });

  it.each(durable.map((fn) => [fn.logicalId, fn] as const))("%s publishes the alias live (durable executions need a qualified ARN)", (_id, fn) => {
    expect(fn.properties.AutoPublishAlias).toBe("live");
  });

  it("allows an execution to outlive the longest approval wait plus the longest warehouse wait", () => {
    const config = durable[0]!.properties.DurableConfig as { ExecutionTimeout: unknown; RetentionPeriodInDays: number };
    const params = TEMPLATE.Parameters ?? {};
    // One value for the orchestrator and for the re-driver, which decides orders still in flight after it.
    expect(config.ExecutionTimeout).toEqual({ Ref: "ExecutionTimeoutSeconds" });
    const redriverEnv = (TEMPLATE.Resources.OrderRedriverFunction?.Properties as { Environment: { Variables: Record<string, unknown> } }).Environment.Variables;
    expect(redriverEnv.EXECUTION_TIMEOUT_SECONDS).toEqual({ Ref: "ExecutionTimeoutSeconds" });
    const executionTimeout = Number(params.ExecutionTimeoutSeconds?.Default);
    const minimumTimeout = Number(params.ExecutionTimeoutSeconds?.MinValue);
    const approvalMax = Number(params.ApprovalTimeoutSeconds?.MaxValue);
    const warehouseMax = Number(params.WarehouseWaitSeconds?.MaxValue);
    expect(approvalMax).toBeGreaterThanOrEqual(24 * 60 * 60);
    expect(executionTimeout).toBeGreaterThan(approvalMax + warehouseMax);
    expect(minimumTimeout).toBeGreaterThanOrEqual(3600);
    expect(Number(params.ExecutionTimeoutSeconds?.MaxValue)).toBeLessThanOrEqual(31_622_400);
    expect(config.RetentionPeriodInDays).toBeGreaterThanOrEqual(1);
    expect(config.RetentionPeriodInDays).toBeLessThanOrEqual(90);
  });

  it("is started by the API through the alias, and calls the workers by name", () => {
    const api = functions.find((fn) => fn.logicalId === "OrdersApiFunction")!;
    const workflow = durable[0]!;
    expect(api.env.ORDER_WORKFLOW_FUNCTION).toEqual({ Ref: "OrderWorkflowFunctionAliaslive" });
    expect(workflow.env).toMatchObject({
      INVENTORY_FUNCTION: { Ref: "InventoryFunction" },
      PAYMENT_FUNCTION: { Ref: "PaymentFunction" },
      SHIPPING_FUNCTION: { Ref: "ShippingFunction" },
      TAX_FUNCTION: { Ref: "TaxFunction" },
    });
  });
});

describe("API", () => {
  const api = functions.find((fn) => fn.logicalId === "OrdersApiFunction")!;
  const events = Object.values((api.properties.Events ?? {}) as Record<string, { Type: string; Properties: Record<string, unknown> }>);

  it("serves exactly the three routes of the design on OrdersApi", () => {
    const routes = events.map((event) => `${String(event.Properties.Method).toUpperCase()} ${String(event.Properties.Path)}`).sort();
    expect(routes).toEqual(["GET /orders/{orderId}", "POST /orders", "POST /orders/{orderId}/approval"]);
    expect(events.every((event) => event.Type === "Api" && JSON.stringify(event.Properties.RestApiId) === JSON.stringify({ Ref: "OrdersApi" }))).toBe(true);
  });

  it("requires AWS_IAM on the approval route only", () => {
    const authorizers = Object.fromEntries(events.map((e) => [`${String(e.Properties.Method).toUpperCase()} ${String(e.Properties.Path)}`, (e.Properties.Auth as { Authorizer?: string } | undefined)?.Authorizer]));
    expect(authorizers).toEqual({ "POST /orders": undefined, "GET /orders/{orderId}": undefined, "POST /orders/{orderId}/approval": "AWS_IAM" });
  });
});

describe("tables", () => {
  const tables = Object.entries(resources).filter(([, r]) => r.Type === "AWS::DynamoDB::Table");

  it("are the five of the design", () => {
    expect(tables.map(([id]) => id).sort()).toEqual(["IdempotencyTable", "InventoryTable", "OrdersTable", "PaymentsTable", "ReservationsTable"]);
  });

  it.each(tables)("%s is on-demand, encrypted and point-in-time recoverable", (_id, table) => {
    expect(table.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
  });

  it("expires idempotency records through TTL on expiresAt", () => {
    expect(resources.IdempotencyTable?.Properties?.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
  });
});

describe("logs", () => {
  it.each(functions.map((fn) => [fn.logicalId, fn] as const))("%s logs to its own log group, which has a retention", (id, fn) => {
    const logGroupId = referencedLogicalIds((fn.properties.LoggingConfig as { LogGroup?: unknown } | undefined)?.LogGroup)[0];
    expect(logGroupId).toBe(`${id}LogGroup`);
    const group = resources[logGroupId!];
    expect(group?.Type).toBe("AWS::Logs::LogGroup");
    expect(group?.Properties?.RetentionInDays).toBeDefined();
  });
});

describe("esbuild metadata", () => {
  it.each(functions.map((fn) => [fn.logicalId, fn] as const))("%s is bundled for node22, minified, with source maps that leave the sources out", (_id, fn) => {
    const metadata = fn.resource.Metadata as { BuildMethod: string; BuildProperties: Record<string, unknown> };
    expect(metadata.BuildMethod).toBe("esbuild");
    expect(metadata.BuildProperties).toMatchObject({ Format: "cjs", Target: "node22", Minify: true, Sourcemap: true, SourcesContent: false, EntryPoints: [fn.entry] });
    // Only what the Lambda runtime (the AWS SDK v3, @smithy/* included) or the Powertools layer provides may be left out of a bundle.
    expect(asList(metadata.BuildProperties.External as string[] | undefined).filter((name) => !/^@(aws-sdk|smithy)\//.test(name) && name !== "@aws-lambda-powertools/*")).toEqual([]);
  });

  it("bundles the AWS SDK clients and the credential chain into the orchestrator, the API and the re-driver, leaving out only the providers after the environment's", () => {
    // The durable commands need a recent client, and one bundled @smithy/core starts faster than a second one from the runtime.
    // The chain import()s these only when the environment has no credentials, which in Lambda it always has.
    const lazyProviders = [
      "@aws-sdk/credential-provider-sso",
      "@aws-sdk/credential-provider-ini",
      "@aws-sdk/credential-provider-process",
      "@aws-sdk/credential-provider-web-identity",
      "@aws-sdk/credential-provider-http",
      "@smithy/credential-provider-imds",
    ];
    const external = (id: string) => asList((functions.find((fn) => fn.logicalId === id)!.resource.Metadata as { BuildProperties: { External?: string[] } }).BuildProperties.External);
    for (const id of ["OrderWorkflowFunction", "OrdersApiFunction", "OrderRedriverFunction"]) {
      expect([id, external(id).filter((name) => name !== "@aws-lambda-powertools/*").sort()]).toEqual([id, [...lazyProviders].sort()]);
    }
  });
});

describe("parameters and outputs", () => {
  it("has the parameters the docs and the local stack use", () => {
    expect(Object.keys(TEMPLATE.Parameters ?? {})).toEqual(
      expect.arrayContaining(["Stage", "ApprovalThresholdUsd", "ApprovalTimeoutSeconds", "WarehouseWaitSeconds", "PickupReadyAfterPolls"]),
    );
  });

  it("feeds the approval and wait parameters to the functions that read them", () => {
    const env = Object.fromEntries(functions.map((fn) => [fn.logicalId, fn.env]));
    expect(env.OrderWorkflowFunction).toMatchObject({
      APPROVAL_THRESHOLD_USD: { Ref: "ApprovalThresholdUsd" },
      APPROVAL_TIMEOUT_SECONDS: { Ref: "ApprovalTimeoutSeconds" },
      WAREHOUSE_WAIT_SECONDS: { Ref: "WarehouseWaitSeconds" },
    });
    expect(env.ShippingFunction).toMatchObject({ PICKUP_READY_AFTER_POLLS: { Ref: "PickupReadyAfterPolls" } });
  });

  it("outputs the API endpoint, every function name and every table name", () => {
    const outputs = (TEMPLATE.Outputs ?? {}) as Record<string, { Value: unknown }>;
    const referenced = new Set(Object.values(outputs).flatMap((output) => referencedLogicalIds(output.Value)));
    const expected = [...functions.map((fn) => fn.logicalId), "OrdersTable", "InventoryTable", "PaymentsTable", "IdempotencyTable", "OrdersApi"];
    expect(expected.filter((id) => !referenced.has(id))).toEqual([]);
    expect(outputs.ApiUrl).toBeDefined();
  });
});

describe("samconfig.toml", () => {
  const config = readFileSync(resolve(PROJECT_ROOT, "samconfig.toml"), "utf8");
  const deploy = config.slice(config.indexOf("[default.deploy.parameters]")).split(/\n\[/)[0]!;

  it("is a version 0.1 SAM CLI configuration", () => {
    expect(config).toMatch(/^version = 0\.1$/m);
  });

  it("deploys to us-east-2 with CAPABILITY_IAM, a managed bucket and a change-set review", () => {
    expect(deploy).toMatch(/^stack_name = "order-workflow"$/m);
    expect(deploy).toMatch(/^region = "us-east-2"$/m);
    expect(deploy).toMatch(/^capabilities = "CAPABILITY_IAM"$/m);
    expect(deploy).toMatch(/^confirm_changeset = true$/m);
    expect(deploy).toMatch(/^resolve_s3 = true$/m);
  });
});
