import { newCallbackId } from "../../../src/local/lambda-service/tokens";

describe("callback ids", () => {
  it("are URL-safe, distinct, and never begin with '-', which a command line would read as an option", () => {
    const ids = Array.from({ length: 10_000 }, newCallbackId);

    expect(ids.filter((id) => !/^[A-Za-z0-9_][A-Za-z0-9_-]{23}$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
