/** The API definition SAM generates from OrdersApiFunction's events (needs cfn-lint's SAM translator). */
import { translateTemplate } from "./support/template-facts";

describe("the API as SAM generates it", () => {
  it("keeps AWS_IAM on the approval route in the API definition SAM generates, without caller-credential passthrough", () => {
    const body = translateTemplate().Resources.OrdersApi?.Properties?.Body as {
      paths: Record<string, Record<string, { security?: unknown[]; "x-amazon-apigateway-integration": Record<string, unknown> }>>;
    };
    const approval = body.paths["/orders/{orderId}/approval"]?.post;
    expect(approval?.security).toEqual([{ AWS_IAM: [] }]);
    expect(approval?.["x-amazon-apigateway-integration"].credentials).toBeUndefined();
    expect(body.paths["/orders"]?.post?.security).toBeUndefined();
  });
});
