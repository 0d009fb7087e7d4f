/**
 * Least privilege, checked on the statements template.yaml spells out and on the roles
 * the SAM translator generates from them (tests/template/sam-translate.py runs the
 * translator that ships with cfn-lint, offline).
 *
 * AWS-managed policies are the one exception to the no-wildcard rule: SAM attaches them
 * and their documents are AWS's. The test pins exactly which ones appear.
 */
import {
  asList,
  functionFacts,
  functionPolicies,
  referencedLogicalIds,
  TEMPLATE,
  translateTemplate,
  type PolicyStatement,
  type TranslatedTemplate,
} from "./support/template-facts";

const functions = functionFacts();
const byId = new Map(functions.map((fn) => [fn.logicalId, fn]));
const WORKERS = ["InventoryFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"] as const;

let translated: TranslatedTemplate;
beforeAll(() => {
  translated = translateTemplate();
});

function statementsOf(logicalId: string): PolicyStatement[] {
  const fn = byId.get(logicalId);
  if (!fn) throw new Error(`no function ${logicalId}`);
  return functionPolicies(fn).statements;
}

function grants(statements: readonly PolicyStatement[], action: string): PolicyStatement[] {
  return statements.filter((s) => s.Effect === "Allow" && asList(s.Action).includes(action));
}

/** Every IAM statement in the translated template: role inline policies and managed policy documents. */
function translatedStatements(): Array<{ where: string; statement: PolicyStatement }> {
  const found: Array<{ where: string; statement: PolicyStatement }> = [];
  for (const [id, resource] of Object.entries(translated.Resources)) {
    const props = resource.Properties ?? {};
    if (resource.Type === "AWS::IAM::Role") {
      for (const policy of asList(props.Policies as Array<{ PolicyName: string; PolicyDocument: { Statement: PolicyStatement[] } }>)) {
        for (const statement of asList(policy.PolicyDocument.Statement)) found.push({ where: `${id}/${policy.PolicyName}`, statement });
      }
    }
    if (resource.Type === "AWS::IAM::ManagedPolicy" || resource.Type === "AWS::IAM::Policy") {
      const document = props.PolicyDocument as { Statement: PolicyStatement | PolicyStatement[] };
      for (const statement of asList(document.Statement)) found.push({ where: id, statement });
    }
  }
  return found;
}

describe("IAM in template.yaml", () => {
  it("writes every function permission as an explicit statement (no SAM policy templates or managed policy names)", () => {
    expect(functions.flatMap((fn) => functionPolicies(fn).other.map((policy) => ({ fn: fn.logicalId, policy })))).toEqual([]);
  });

  it("gives no function a wildcard action or a '*' resource, and uses no Not* elements", () => {
    const offending = functions.flatMap((fn) =>
      functionPolicies(fn).statements
        .filter((s) => asList(s.Action).some((a) => a.includes("*")) || asList(s.Resource as unknown).includes("*") || s.NotAction || s.NotResource)
        .map((s) => `${fn.logicalId}/${s.Sid ?? "?"}`),
    );
    expect(offending).toEqual([]);
  });

  it("lets only the orchestrator invoke the four workers, and the re-driver the two that undo (inventory, payment), and nothing else", () => {
    const invokers = functions.filter((fn) => grants(functionPolicies(fn).statements, "lambda:InvokeFunction").some((s) => WORKERS.some((w) => referencedLogicalIds(s.Resource).includes(w))));
    expect(invokers.map((fn) => fn.logicalId).sort()).toEqual(["OrderRedriverFunction", "OrderWorkflowFunction"]);
    const targets = grants(statementsOf("OrderWorkflowFunction"), "lambda:InvokeFunction").flatMap((s) => referencedLogicalIds(s.Resource));
    expect([...new Set(targets)].sort()).toEqual([...WORKERS].sort());
    const redriverTargets = grants(statementsOf("OrderRedriverFunction"), "lambda:InvokeFunction").flatMap((s) => referencedLogicalIds(s.Resource));
    expect([...new Set(redriverTargets)].sort()).toEqual(["InventoryFunction", "OrderWorkflowFunctionAliaslive", "PaymentFunction"]);
  });

  it("lets the API start the workflow only through the orchestrator's live alias", () => {
    const targets = grants(statementsOf("OrdersApiFunction"), "lambda:InvokeFunction").map((s) => s.Resource);
    expect(targets).toEqual([{ Ref: "OrderWorkflowFunctionAliaslive" }]);
  });

  it("lets only the API send durable execution callbacks, and only to the orchestrator", () => {
    const senders = functions.flatMap((fn) =>
      functionPolicies(fn).statements
        .filter((s) => asList(s.Action).some((a) => a.startsWith("lambda:SendDurableExecutionCallback")))
        .map((s) => ({ fn: fn.logicalId, targets: [...new Set(referencedLogicalIds(s.Resource))] })),
    );
    expect(senders).toEqual([{ fn: "OrdersApiFunction", targets: ["OrderWorkflowFunction"] }]);
  });

  it("gives each function DynamoDB access only to the tables whose names it is given", () => {
    const tables = new Set(Object.entries(TEMPLATE.Resources).filter(([, r]) => r.Type === "AWS::DynamoDB::Table").map(([id]) => id));
    const strays = functions.flatMap((fn) => {
      const given = new Set(Object.values(fn.ownEnv).flatMap((value) => referencedLogicalIds(value)).filter((id) => tables.has(id)));
      const accessed = functionPolicies(fn).statements
        .filter((s) => asList(s.Action).some((a) => a.startsWith("dynamodb:")))
        .flatMap((s) => referencedLogicalIds(s.Resource));
      return accessed.filter((id) => !given.has(id)).map((id) => `${fn.logicalId} -> ${id}`);
    });
    expect(strays).toEqual([]);
  });

  it("lets approvers call only the approval route (OrderApproverPolicy)", () => {
    const policy = TEMPLATE.Resources.OrderApproverPolicy;
    const statements = asList((policy?.Properties?.PolicyDocument as { Statement: PolicyStatement[] }).Statement);
    expect(statements.map((s) => s.Action)).toEqual(["execute-api:Invoke"]);
    expect(JSON.stringify(statements[0]!.Resource)).toContain("/POST/orders/*/approval");
  });
});

describe("IAM as SAM generates it", () => {
  it("has no statement with a wildcard action or a '*' resource in any generated role or policy", () => {
    const all = translatedStatements();
    expect(all.length).toBeGreaterThan(0);
    const offending = all
      .filter(({ statement: s }) => asList(s.Action).some((a) => a.includes("*")) || asList(s.Resource as unknown).includes("*"))
      .map(({ where }) => where);
    expect(offending).toEqual([]);
  });

  it("attaches the durable execution managed policy (checkpoint + state) to the orchestrator's role", () => {
    const role = translated.Resources.OrderWorkflowFunctionRole;
    expect(role?.Properties?.ManagedPolicyArns).toEqual(expect.arrayContaining([expect.stringMatching(/:policy\/service-role\/AWSLambdaBasicDurableExecutionRolePolicy$/)]));
  });

  it("attaches no AWS-managed policies beyond logging, durable checkpoints and X-Ray writes", () => {
    const allowed = /:policy\/(service-role\/AWSLambdaBasicExecutionRole|service-role\/AWSLambdaBasicDurableExecutionRolePolicy|AWSXrayWriteOnlyAccess)$/;
    const managed = Object.entries(translated.Resources)
      .filter(([, r]) => r.Type === "AWS::IAM::Role")
      .flatMap(([id, r]) => asList(r.Properties?.ManagedPolicyArns as string[] | undefined).map((arn) => `${id} ${arn}`));
    expect(managed.filter((entry) => !allowed.test(entry))).toEqual([]);
  });

  it("gives every function its own role", () => {
    const roles = Object.entries(translated.Resources)
      .filter(([, r]) => r.Type === "AWS::Lambda::Function")
      .map(([, r]) => JSON.stringify(r.Properties?.Role));
    expect(new Set(roles).size).toBe(functions.length);
  });
});
