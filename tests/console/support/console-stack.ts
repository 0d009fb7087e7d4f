/**
 * The local stack with its console, in this process and in memory, at a small time scale
 * (a 5-minute warehouse wait takes 0.3 s) and with no simulated worker latency.
 */
import { startLocalStack, type LocalStack } from "../../../src/local/stack";

export async function startConsoleStack(): Promise<LocalStack & { consoleUrl: string }> {
  const output: string[] = [];
  const stack = await startLocalStack({
    apiPort: 0,
    lambdaPort: 0,
    dynamodbPort: 0,
    consolePort: 0,
    inMemory: true,
    warm: true,
    timeScale: 0.001,
    environmentOverrides: { Parameters: { WORKER_LATENCY_MS: "0" } },
    functionLog: (functionName, line) => output.push(`[${functionName}] ${line}`),
  });
  if (!stack.consoleUrl) throw new Error("the stack started without its console");
  return stack as LocalStack & { consoleUrl: string };
}
