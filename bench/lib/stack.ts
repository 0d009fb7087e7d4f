/**
 * The local stack as the benchmarks run it: in this process, on free ports, in
 * memory, quiet, and warm (one sandbox per function started before the clock runs).
 */
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../src/local/stack";
import type { EnvironmentOverrides } from "../../src/local/function-environment";
import { localLambdaClient } from "./invoke";
import type { LambdaClient } from "@aws-sdk/client-lambda";

export interface BenchStackOptions {
  timeScale: number;
  environmentOverrides?: EnvironmentOverrides;
  templatePath?: string;
  maxConcurrency?: number;
  runSchedules?: boolean;
}

export interface BenchStack {
  stack: LocalStack;
  lambda: LambdaClient;
  close(): Promise<void>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const stackOptions: LocalStackOptions = {
    apiPort: 0,
    lambdaPort: 0,
    dynamodbPort: 0,
    inMemory: true,
    warm: true,
    timeScale: options.timeScale,
    // Function output would interleave with the table; the figures are what matter here.
    functionLog: () => undefined,
    ...(options.environmentOverrides ? { environmentOverrides: options.environmentOverrides } : {}),
    ...(options.templatePath ? { templatePath: options.templatePath } : {}),
    ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
    ...(options.runSchedules === false ? { runSchedules: false } : {}),
  };
  const stack = await startLocalStack(stackOptions);
  const lambda = localLambdaClient(stack.lambdaEndpoint);
  return {
    stack,
    lambda,
    close: async () => {
      lambda.destroy();
      await stack.close();
    },
  };
}
