import { parseDecision } from "../../src/workflow/phases/approval";

describe("reading an approval callback result", () => {
  test("accepts an approval and a rejection with an optional reason", () => {
    expect(parseDecision('{"approved":true}')).toEqual({ approved: true });
    expect(parseDecision('{"approved":false,"reason":"over budget"}')).toEqual({ approved: false, reason: "over budget" });
  });

  test.each([
    ["an empty result", undefined],
    ["text that is not JSON", "yes please"],
    ["a JSON string", '"approved"'],
    ["approved as a string", '{"approved":"true"}'],
    ["a misspelt field", '{"aproved":true}'],
    ["a reason that is not text", '{"approved":false,"reason":42}'],
  ])("refuses %s with InvalidApprovalResponseError", (_label, answer) => {
    expect(() => parseDecision(answer)).toThrow(expect.objectContaining({ name: "InvalidApprovalResponseError" }));
  });
});
