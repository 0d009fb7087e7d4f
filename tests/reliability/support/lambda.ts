/**
 * The local Lambda service seen through the real AWS SDK client, as an operator would
 * use it: list an orchestrator's executions, answer callbacks.
 */
import { LambdaClient, ListDurableExecutionsByFunctionCommand, type Execution } from "@aws-sdk/client-lambda";

/** The orchestrator's logical id, which is also its local function name. */
export const ORDER_WORKFLOW_FUNCTION = "OrderWorkflowFunction";

export function lambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: process.env.AWS_REGION ?? "us-east-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

/** Every durable execution of a function, all pages. */
export async function listExecutions(client: LambdaClient, functionName: string = ORDER_WORKFLOW_FUNCTION, durableExecutionName?: string): Promise<Execution[]> {
  const executions: Execution[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListDurableExecutionsByFunctionCommand({
      FunctionName: functionName,
      MaxItems: 1000,
      ...(durableExecutionName ? { DurableExecutionName: durableExecutionName } : {}),
      ...(marker ? { Marker: marker } : {}),
    }));
    executions.push(...(page.DurableExecutions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return executions;
}

/** The AWS error name of a rejected SDK call (`ResourceNotFoundException`, ...). */
export async function errorNameOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
  return "no error";
}

/** The execution name the API gives an order's workflow (design contract: `order-<orderId>`). */
export function durableExecutionName(orderId: string): string {
  return `order-${orderId}`;
}
