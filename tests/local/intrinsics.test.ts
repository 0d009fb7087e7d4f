import {
  createResolutionContext,
  IntrinsicResolutionError,
  ParameterValueError,
  resolveValue,
} from "../../src/local/intrinsics";
import { functionSpecs } from "../../src/local/functions";
import { loadTemplate, parseTemplate } from "../../src/local/template";

const appTemplate = loadTemplate();

function contextFor(yaml: string, parameterOverrides: Record<string, string> = {}) {
  return createResolutionContext(parseTemplate(yaml), { parameterOverrides });
}

const SMALL_TEMPLATE = `
Parameters:
  Stage: { Type: String, Default: dev, AllowedPattern: "^[a-z]+$" }
  Threshold: { Type: Number, Default: 5000, MinValue: 0 }
  Required: { Type: String }
Mappings:
  Sizes: { small: { memory: 128 } }
Resources:
  OrdersTable: { Type: AWS::DynamoDB::Table, Properties: {} }
  WorkerFunction: { Type: AWS::Serverless::Function, Properties: { Handler: w.handler } }
  NamedFunction: { Type: AWS::Serverless::Function, Properties: { Handler: n.handler, FunctionName: !Sub "named-\${Stage}" } }
  FlowFunction: { Type: AWS::Serverless::Function, Properties: { Handler: f.handler, AutoPublishAlias: live } }
  Queue: { Type: AWS::SQS::Queue }
`;

describe("resolving intrinsic functions to local values", () => {
  const context = contextFor(SMALL_TEMPLATE);

  test("Ref of a table is its local table name and Ref of a function its function name", () => {
    expect(resolveValue({ Ref: "OrdersTable" }, context)).toBe("OrdersTable");
    expect(resolveValue({ Ref: "WorkerFunction" }, context)).toBe("WorkerFunction");
    expect(resolveValue({ Ref: "NamedFunction" }, context)).toBe("named-dev");
  });

  test("Ref of a function's AutoPublishAlias is the local alias ARN", () => {
    expect(resolveValue({ Ref: "FlowFunctionAliaslive" }, context)).toBe("arn:aws:lambda:us-east-2:000000000000:function:FlowFunction:live");
  });

  test("Fn::GetAtt Arn gives local ARNs for functions and tables, in both the list and the dotted form", () => {
    expect(resolveValue({ "Fn::GetAtt": ["WorkerFunction", "Arn"] }, context)).toBe("arn:aws:lambda:us-east-2:000000000000:function:WorkerFunction");
    expect(resolveValue({ "Fn::GetAtt": "OrdersTable.Arn" }, context)).toBe("arn:aws:dynamodb:us-east-2:000000000000:table/OrdersTable");
  });

  test("parameters resolve to their defaults, and --parameter-overrides replace them", () => {
    expect(resolveValue({ Ref: "Threshold" }, context)).toBe("5000");
    expect(resolveValue({ Ref: "Threshold" }, contextFor(SMALL_TEMPLATE, { Threshold: "10" }))).toBe("10");
  });

  test("pseudo parameters have the local account's values", () => {
    expect(resolveValue({ Ref: "AWS::Region" }, context)).toBe("us-east-2");
    expect(resolveValue({ Ref: "AWS::AccountId" }, context)).toBe("000000000000");
    expect(resolveValue({ Ref: "AWS::Partition" }, context)).toBe("aws");
    expect(resolveValue({ Ref: "AWS::StackName" }, context)).toBe("local");
  });

  test("Fn::Sub resolves parameters, attributes and pseudo parameters, keeps ${!literals}, and takes a variable map", () => {
    expect(resolveValue({ "Fn::Sub": "${WorkerFunction.Arn}:*" }, context)).toBe("arn:aws:lambda:us-east-2:000000000000:function:WorkerFunction:*");
    expect(resolveValue({ "Fn::Sub": "${AWS::StackName}-${Stage}-${!NotResolved}" }, context)).toBe("local-dev-${NotResolved}");
    expect(resolveValue({ "Fn::Sub": ["${Prefix}/${OrdersTable}", { Prefix: { Ref: "Stage" } }] }, context)).toBe("dev/OrdersTable");
  });

  test("Fn::Join, Fn::Select, Fn::Split, Fn::Base64 and Fn::FindInMap combine resolved values", () => {
    expect(resolveValue({ "Fn::Join": ["-", [{ Ref: "Stage" }, "x", 1]] }, context)).toBe("dev-x-1");
    expect(resolveValue({ "Fn::Select": [1, { "Fn::Split": [",", "a,b,c"] }] }, context)).toBe("b");
    expect(resolveValue({ "Fn::Base64": "hi" }, context)).toBe("aGk=");
    expect(resolveValue({ "Fn::FindInMap": ["Sizes", "small", "memory"] }, context)).toBe(128);
  });

  test("Ref AWS::NoValue removes the property it is in", () => {
    expect(resolveValue({ A: "kept", B: { Ref: "AWS::NoValue" } }, context)).toEqual({ A: "kept" });
  });

  test("an unknown or unsupported intrinsic, an unknown name and a resource with no local value are clear errors", () => {
    expect(() => resolveValue({ "Fn::Bogus": "x" }, context)).toThrow(/Fn::Bogus.*unknown intrinsic function/);
    expect(() => resolveValue({ "Fn::If": ["C", "a", "b"] }, context)).toThrow(/Fn::If.*not supported by the local stack/);
    expect(() => resolveValue({ Ref: "Nothing" }, context)).toThrow(IntrinsicResolutionError);
    expect(() => resolveValue({ Ref: "Queue" }, context)).toThrow(/AWS::SQS::Queue have no local value/);
    expect(() => resolveValue({ "Fn::GetAtt": ["OrdersTable", "StreamArn"] }, context)).toThrow(/OrdersTable.StreamArn/);
  });

  test("a parameter without a default is an error only when something uses it, naming the override to pass", () => {
    expect(() => resolveValue({ Ref: "Required" }, context)).toThrow(/--parameter-overrides Required=<value>/);
    expect(resolveValue({ Ref: "Required" }, contextFor(SMALL_TEMPLATE, { Required: "yes" }))).toBe("yes");
  });

  test("an override for an unknown parameter or against a parameter's constraints is refused", () => {
    expect(() => contextFor(SMALL_TEMPLATE, { Nope: "1" })).toThrow(ParameterValueError);
    expect(() => contextFor(SMALL_TEMPLATE, { Stage: "Not-Valid" })).toThrow(/AllowedPattern/);
    expect(() => contextFor(SMALL_TEMPLATE, { Threshold: "abc" })).toThrow(/not a number/);
    expect(() => contextFor(SMALL_TEMPLATE, { Threshold: "-1" })).toThrow(/MinValue/);
  });
});

describe("the app's template, resolved locally", () => {
  const context = createResolutionContext(appTemplate, { parameterOverrides: { ApprovalThresholdUsd: "100" } });
  const functions = functionSpecs(context);
  const byId = Object.fromEntries(functions.map((f) => [f.logicalId, f]));

  test("every function is found with its TypeScript entry point and export from the build metadata", () => {
    expect(byId.OrderWorkflowFunction).toMatchObject({ codePath: expect.stringMatching(/src\/workflow\/order-workflow\.ts$/), handlerExport: "handler" });
    expect(byId.OrdersApiFunction?.codePath).toMatch(/src\/api\/orders-api\.ts$/);
    expect(byId.InventoryFunction?.codePath).toMatch(/src\/workers\/inventory\.ts$/);
  });

  test("Globals are merged: the shared timeout, memory and variables, with each function's own settings winning", () => {
    expect(byId.InventoryFunction).toMatchObject({ timeoutSeconds: 30, memorySizeMb: 256 });
    expect(byId.OrderWorkflowFunction).toMatchObject({ timeoutSeconds: 900, memorySizeMb: 512 });
    expect(byId.InventoryFunction?.environment.NODE_OPTIONS).toBe("--enable-source-maps");
  });

  test("the orchestrator is durable with its alias, and its environment names the local tables and workers", () => {
    expect(byId.OrderWorkflowFunction).toMatchObject({ alias: "live", durable: { executionTimeoutSeconds: 172800, retentionPeriodInDays: 14 } });
    expect(byId.OrderWorkflowFunction?.environment).toMatchObject({
      ORDERS_TABLE: "OrdersTable",
      INVENTORY_FUNCTION: "InventoryFunction",
      PAYMENT_FUNCTION: "PaymentFunction",
      APPROVAL_THRESHOLD_USD: "100",
      WAREHOUSE_WAIT_SECONDS: "300",
    });
    expect(byId.InventoryFunction?.durable).toBeUndefined();
  });

  test("the API function starts workflows through the orchestrator's local alias ARN", () => {
    expect(byId.OrdersApiFunction?.environment.ORDER_WORKFLOW_FUNCTION).toBe("arn:aws:lambda:us-east-2:000000000000:function:OrderWorkflowFunction:live");
  });

  test("the template's outputs resolve to local values", () => {
    const outputs = appTemplate.Outputs as Record<string, { Value: unknown }>;
    expect(resolveValue(outputs.ApiUrl?.Value, context)).toBe("https://ordersapi.execute-api.us-east-2.amazonaws.com/dev");
    expect(resolveValue(outputs.OrdersTableName?.Value, context)).toBe("OrdersTable");
    for (const [name, output] of Object.entries(outputs)) {
      expect([name, typeof resolveValue(output.Value, context)]).toEqual([name, "string"]);
    }
  });
});
