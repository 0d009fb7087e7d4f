/**
 * The local stack builds itself from template.yaml, so what runs locally and what SAM
 * deploys cannot drift. Checked two ways: behaviour (a resource added to a copy of the
 * template appears in the local stack's tables, functions and routes) and source (src/local
 * keeps no list of the template's resources and parses the template in one place).
 */
import { apiRoutes } from "../../src/local/api-routes";
import { startLocalDynamo } from "../../src/local/dynamodb";
import { functionSpecs } from "../../src/local/functions";
import { createResolutionContext } from "../../src/local/intrinsics";
import type { Template } from "../../src/local/template";
import { readSource, sourceFiles, stripComments, TEMPLATE } from "./support/template-facts";

/** A copy of the template with one more table, and one more function serving one more route. */
function templateWithProbes(): Template {
  const copy = structuredClone(TEMPLATE);
  copy.Resources.ProbeTable = {
    Type: "AWS::DynamoDB::Table",
    Properties: {
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "probeId", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "probeId", KeyType: "HASH" }],
    },
  };
  const tax = structuredClone(copy.Resources.TaxFunction!);
  tax.Properties = {
    ...tax.Properties,
    Events: { Probe: { Type: "Api", Properties: { RestApiId: { Ref: "OrdersApi" }, Path: "/probe", Method: "GET" } } },
  };
  copy.Resources.ProbeFunction = tax;
  return copy;
}

describe("the local stack reads template.yaml", () => {
  it("runs every function of the template, and a function added to it", () => {
    const context = createResolutionContext(templateWithProbes());
    const ids = functionSpecs(context).map((spec) => spec.logicalId);
    const templateFunctions = Object.entries(TEMPLATE.Resources).filter(([, r]) => r.Type === "AWS::Serverless::Function").map(([id]) => id);
    expect(ids.sort()).toEqual([...templateFunctions, "ProbeFunction"].sort());
  });

  it("serves every API route of the template, and a route added to it", () => {
    const context = createResolutionContext(templateWithProbes());
    const routes = apiRoutes(context, functionSpecs(context)).map((route) => `${route.method} ${route.resourcePath} -> ${route.functionLogicalId}`);
    expect(routes.sort()).toEqual(
      [
        "GET /orders/{orderId} -> OrdersApiFunction",
        "GET /probe -> ProbeFunction",
        "POST /orders -> OrdersApiFunction",
        "POST /orders/{orderId}/approval -> OrdersApiFunction",
      ].sort(),
    );
  });

  it("creates every table of the template, and a table added to it", async () => {
    const dynamo = await startLocalDynamo({ port: 0, template: templateWithProbes() });
    try {
      const templateTables = Object.entries(TEMPLATE.Resources).filter(([, r]) => r.Type === "AWS::DynamoDB::Table").map(([id]) => id);
      expect(Object.keys(dynamo.tableNames).sort()).toEqual([...templateTables, "ProbeTable"].sort());
    } finally {
      await dynamo.close();
    }
  });
});

describe("the local stack's source", () => {
  const localFiles = sourceFiles("src/local");
  const logicalIds = Object.keys(TEMPLATE.Resources);

  it("names at most one of the template's resources per file: a reference, never a list", () => {
    // One name is a pointer at a specific resource (where the CLI looks orders up); two or
    // more in one file is the start of a second inventory of the template.
    const lists = localFiles.flatMap((file) => {
      const code = stripComments(readSource(file));
      const named = logicalIds.filter((id) => new RegExp(`["'\`]${id}["'\`]`).test(code));
      return named.length > 1 ? [`${file}: ${named.join(", ")}`] : [];
    });
    expect(lists).toEqual([]);
  });

  it("parses template.yaml only in src/local/template.ts (no second YAML reader of the template)", () => {
    const readers = sourceFiles("src")
      .filter((file) => file !== "src/local/template.ts")
      .filter((file) => {
        const code = stripComments(readSource(file));
        return /from\s+["']yaml["']|require\(\s*["']yaml["']\s*\)/.test(code) || (/template\.ya?ml/.test(code) && /readFile/.test(code));
      });
    expect(readers).toEqual([]);
  });
});
