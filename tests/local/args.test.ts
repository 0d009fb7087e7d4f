import { parameterOverrides, parseArgs, portValue, UsageError } from "../../src/local/args";
import { devOptionsFromArgs } from "../../src/local/dev";

const DEV_FLAGS = {
  booleans: ["--in-memory"],
  values: ["--api-port", "--lambda-port", "--dynamodb-port", "--data-dir", "--time-scale", "--env-vars", "--template"],
  lists: ["--parameter-overrides"],
} as const;

test("--parameter-overrides takes every following Key=Value word, and SAM's long form", () => {
  const args = parseArgs(["--parameter-overrides", "Stage=test", "ParameterKey=ApprovalThresholdUsd,ParameterValue=100", "--in-memory"], DEV_FLAGS);
  expect(parameterOverrides(args.lists.get("--parameter-overrides"))).toEqual({ Stage: "test", ApprovalThresholdUsd: "100" });
  expect(args.booleans.has("--in-memory")).toBe(true);
});

test("a value may be given after = and may itself contain =", () => {
  const args = parseArgs(["--data-dir=/tmp/x", "--parameter-overrides", "Query=a=b"], DEV_FLAGS);
  expect(args.values.get("--data-dir")).toBe("/tmp/x");
  expect(parameterOverrides(args.lists.get("--parameter-overrides"))).toEqual({ Query: "a=b" });
});

test("port 0 is allowed and means any free port; anything that is not a port is a usage error", () => {
  expect(portValue(parseArgs(["--api-port", "0"], DEV_FLAGS), "--api-port")).toBe(0);
  expect(() => portValue(parseArgs(["--api-port", "70000"], DEV_FLAGS), "--api-port")).toThrow(/0-65535/);
  expect(() => portValue(parseArgs(["--api-port", "http"], DEV_FLAGS), "--api-port")).toThrow(UsageError);
});

test("an unknown option, a missing value and a malformed override are usage errors", () => {
  expect(() => parseArgs(["--api-prot", "1"], DEV_FLAGS)).toThrow(/unknown option --api-prot/);
  expect(() => parseArgs(["--data-dir"], DEV_FLAGS)).toThrow(/--data-dir needs a value/);
  expect(() => parameterOverrides(["NoEquals"])).toThrow(/Key=Value/);
});

test("npm run dev flags become stack options, and --in-memory with --data-dir is refused", () => {
  const options = devOptionsFromArgs(parseArgs(["--api-port", "0", "--time-scale", "0.01", "--parameter-overrides", "WarehouseWaitSeconds=10"], DEV_FLAGS));
  expect(options).toMatchObject({ apiPort: 0, timeScale: 0.01, parameterOverrides: { WarehouseWaitSeconds: "10" }, inMemory: false });
  expect(() => devOptionsFromArgs(parseArgs(["--in-memory", "--data-dir", "x"], DEV_FLAGS))).toThrow(/exclude each other/);
  expect(() => devOptionsFromArgs(parseArgs(["--time-scale", "-1"], DEV_FLAGS))).toThrow(/--time-scale must be a number >= 0/);
});
