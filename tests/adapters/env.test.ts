import { numberEnv, requiredEnv } from "../../src/adapters/env";

describe("environment helpers", () => {
  afterEach(() => {
    delete process.env.TEST_ENV_VALUE;
  });

  it("names the missing variable", () => {
    expect(() => requiredEnv("TEST_ENV_VALUE")).toThrow("environment variable TEST_ENV_VALUE is not set");
  });

  it("returns a set variable", () => {
    process.env.TEST_ENV_VALUE = "orders";
    expect(requiredEnv("TEST_ENV_VALUE")).toBe("orders");
  });

  it("reads numbers with a default and refuses garbage", () => {
    expect(numberEnv("TEST_ENV_VALUE", 7)).toBe(7);
    process.env.TEST_ENV_VALUE = "0.25";
    expect(numberEnv("TEST_ENV_VALUE", 7)).toBe(0.25);
    process.env.TEST_ENV_VALUE = "lots";
    expect(() => numberEnv("TEST_ENV_VALUE", 7)).toThrow(/must be a number/);
  });
});
