import { CheckpointDurableExecutionCommand, GetDurableExecutionStateCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type DurableExecutionClient,
  type DurableExecutionHandler,
  type DurableLambdaHandler,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import type { Context, Handler } from "aws-lambda";
import { randomUUID } from "node:crypto";
import { parseFunctionName } from "../../../../src/local/lambda-service";
import type { FunctionInvokeResult, FunctionRuntime, ResolvedFunction } from "../../../../src/local/lambda-service";

type Registered =
  | { durable: true; raw: DurableExecutionHandler<unknown, unknown>; wrapped?: DurableLambdaHandler; executionTimeoutSeconds?: number }
  | { durable: false; handler: Handler }
  | { durable: boolean; bare: (event: unknown) => Promise<unknown> };

/**
 * A FunctionRuntime for tests: handlers run in this process, but durable ones reach the service over real
 * HTTP through the SDK's own DurableExecutionApiClient and a LambdaClient pointed at the service.
 */
export class InProcessRuntime implements FunctionRuntime {
  private readonly functions = new Map<string, Registered>();
  private endpoint: string | undefined;
  private client: LambdaClient | undefined;
  /** How many times each function's handler ran (per name). */
  readonly invocations = new Map<string, number>();

  registerDurable(name: string, handler: DurableExecutionHandler<any, any>, options: { executionTimeoutSeconds?: number } = {}): this {
    this.functions.set(name, { durable: true, raw: handler as DurableExecutionHandler<unknown, unknown>, ...options });
    return this;
  }

  /** A function whose code gets the raw event and returns whatever it likes (for misbehaving-handler tests). */
  registerBare(name: string, durable: boolean, fn: (event: unknown) => Promise<unknown>): this {
    this.functions.set(name, { durable, bare: fn });
    return this;
  }

  register(name: string, handler: Handler): this {
    this.functions.set(name, { durable: false, handler });
    return this;
  }

  /** Call once the service listens: durable handlers checkpoint to this endpoint. */
  connect(endpoint: string): void {
    this.endpoint = endpoint;
    this.client?.destroy();
    this.client = new LambdaClient({ endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" }, maxAttempts: 1 });
    for (const entry of this.functions.values()) if ("raw" in entry) entry.wrapped = undefined;
  }

  resolve(functionName: string): ResolvedFunction | undefined {
    const { name, qualifier } = parseFunctionName(functionName);
    const entry = this.functions.get(name);
    if (!entry) return undefined;
    const timeout = "raw" in entry ? entry.executionTimeoutSeconds : undefined;
    return { name, durable: entry.durable, ...(qualifier && { qualifier }), ...(timeout !== undefined && { executionTimeoutSeconds: timeout }) };
  }

  async invoke(name: string, event: unknown): Promise<FunctionInvokeResult> {
    const entry = this.functions.get(name);
    if (!entry) return { error: { errorType: "ResourceNotFoundException", errorMessage: `No function ${name}` } };
    this.invocations.set(name, (this.invocations.get(name) ?? 0) + 1);
    try {
      const payload = "bare" in entry ? await entry.bare(event)
        : "raw" in entry ? await this.durableHandler(entry)(event as never, lambdaContext(name))
          : await callHandler(entry.handler, event, lambdaContext(name));
      return { payload };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      return { error: { errorType: e.name, errorMessage: e.message, ...(e.stack && { trace: e.stack.split("\n") }) } };
    }
  }

  close(): void {
    this.client?.destroy();
  }

  private durableHandler(entry: Extract<Registered, { raw: unknown }>): DurableLambdaHandler {
    if (!this.client || !this.endpoint) throw new Error("InProcessRuntime.connect(endpoint) was not called");
    entry.wrapped ??= withDurableExecution(entry.raw, { durableExecutionClient: httpDurableClient(this.client) });
    return entry.wrapped;
  }
}

function callHandler(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const maybe = handler(event, context, (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
    if (maybe && typeof (maybe as Promise<unknown>).then === "function") (maybe as Promise<unknown>).then(resolve, reject);
  });
}

function lambdaContext(name: string): Context {
  const deadline = Date.now() + 900_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-2:000000000000:function:${name}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/**
 * The same two commands the SDK's DurableExecutionApiClient sends, through a real LambdaClient. (That class
 * loads client-lambda with a dynamic import(), which Jest's VM cannot run without --experimental-vm-modules.)
 */
function httpDurableClient(client: LambdaClient): DurableExecutionClient {
  return {
    async getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
      return (await client.send(new GetDurableExecutionStateCommand(params))) as unknown as GetDurableExecutionStateResponse;
    },
    async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
      return (await client.send(new CheckpointDurableExecutionCommand(params as never))) as unknown as CheckpointDurableExecutionResponse;
    },
  };
}
