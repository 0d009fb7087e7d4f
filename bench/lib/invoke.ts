/** Lambda client calls the benchmarks make against the local service. */
import { randomUUID } from "node:crypto";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    // Long executions (1000 replays) must not be cut off by the SDK's own timeouts.
    requestHandler: { requestTimeout: 0, connectionTimeout: 5_000 },
    maxAttempts: 1,
  });
}

export interface DurableRun {
  wallMs: number;
  result: unknown;
  executionArn?: string;
}

/** Starts a durable execution synchronously: the call returns when the whole execution has ended. */
export async function invokeDurableSync(client: LambdaClient, functionName: string, payload: unknown, name = `bench-${randomUUID()}`): Promise<DurableRun> {
  const started = performance.now();
  const output = await client.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: "RequestResponse",
      DurableExecutionName: name,
      Payload: JSON.stringify(payload),
    }),
  );
  const wallMs = performance.now() - started;
  const text = output.Payload ? Buffer.from(output.Payload).toString("utf8") : "";
  if (output.FunctionError) throw new Error(`${functionName} failed: ${text}`);
  return {
    wallMs,
    result: text ? (JSON.parse(text) as unknown) : undefined,
    ...(output.DurableExecutionArn ? { executionArn: output.DurableExecutionArn } : {}),
  };
}
