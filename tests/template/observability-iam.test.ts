/**
 * The IAM side of observability, on the roles the SAM translator generates (needs
 * cfn-lint's translator, like iam.test.ts): X-Ray writes come from AWS's write-only
 * policy that `Tracing: Active` attaches, and no role may touch CloudWatch metrics or
 * alarms or SNS, because metrics are log lines (EMF) and alarms notify SNS themselves.
 */
import { asList, translateTemplate, type PolicyStatement, type TranslatedTemplate } from "./support/template-facts";

let translated: TranslatedTemplate;
beforeAll(() => {
  translated = translateTemplate();
});

const rolesOf = () => Object.entries(translated.Resources).filter(([, r]) => r.Type === "AWS::IAM::Role");

describe("observability permissions as SAM generates them", () => {
  it("attach AWSXrayWriteOnlyAccess to every function's role, and grant X-Ray nothing else", () => {
    const functionRoles = Object.values(translated.Resources)
      .filter((r) => r.Type === "AWS::Lambda::Function")
      .map((r) => (r.Properties?.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0]);
    expect(functionRoles.length).toBeGreaterThan(0);
    const withoutXray = functionRoles.filter(
      (role) => !asList(translated.Resources[role]?.Properties?.ManagedPolicyArns as string[] | undefined).some((arn) => /:policy\/AWSXrayWriteOnlyAccess$/.test(String(arn))),
    );
    expect(withoutXray).toEqual([]);
  });

  it("grant no role any CloudWatch, SNS or X-Ray action in its own statements", () => {
    const granted = rolesOf().flatMap(([id, role]) =>
      asList(role.Properties?.Policies as Array<{ PolicyDocument: { Statement: PolicyStatement[] } }> | undefined)
        .flatMap((policy) => asList(policy.PolicyDocument.Statement))
        .flatMap((statement) => asList(statement.Action))
        .filter((action) => /^(cloudwatch|sns|xray):/.test(action))
        .map((action) => `${id} ${action}`),
    );
    expect(granted).toEqual([]);
  });
});
