import { parseFunctionName } from "../arn";
import { ExecutionStatus } from "../constants";
import { InvalidParameterValueError, ResourceNotFoundError } from "../errors";
import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import type { ExecutionSummary, ResolvedFunction } from "../types";
import { requireLabel } from "../validation";

const InvocationType = { RequestResponse: "RequestResponse", Event: "Event", DryRun: "DryRun" } as const;
type InvocationType = (typeof InvocationType)[keyof typeof InvocationType];

interface InvokeInput {
  functionName: string;
  qualifier?: string;
  invocationType: InvocationType;
  executionName?: string;
  payload: string;
}

/** POST /2015-03-31/functions/{FunctionName}/invocations */
export const invoke: OperationHandler<InvokeInput> = {
  validate(request: LambdaRequest): InvokeInput {
    const header = request.headers["x-amz-invocation-type"];
    const invocationType = (typeof header === "string" ? header : InvocationType.RequestResponse) as InvocationType;
    if (!Object.values(InvocationType).includes(invocationType)) {
      throw new InvalidParameterValueError(`Unsupported InvocationType: ${invocationType}`);
    }
    const name = request.headers["x-amz-durable-execution-name"];
    const qualifier = request.query.get("Qualifier") ?? undefined;
    return {
      functionName: requireLabel(request.label, "FunctionName"),
      ...(qualifier && { qualifier }),
      invocationType,
      ...(typeof name === "string" && name !== "" && { executionName: name }),
      payload: request.body.length > 0 ? request.body.toString("utf8") : "{}",
    };
  },

  async handle(ctx: ServiceContext, input: InvokeInput): Promise<LambdaResponse> {
    const resolved = resolveFunction(ctx, input);
    if (input.invocationType === InvocationType.DryRun) return { status: 204 };
    if (resolved.durable) return invokeDurable(ctx, input, resolved);
    if (input.executionName) {
      throw new InvalidParameterValueError("DurableExecutionName can only be used with durable functions.");
    }
    return invokePlain(ctx, input, resolved);
  },
};

function resolveFunction(ctx: ServiceContext, input: InvokeInput): ResolvedFunction {
  const resolved = ctx.functions.resolve(input.functionName);
  if (!resolved) {
    const { name, qualifier } = parseFunctionName(input.functionName);
    throw new ResourceNotFoundError(`Function not found: arn:aws:lambda:${ctx.arn.region}:${ctx.arn.accountId}:function:${name}${qualifier ? `:${qualifier}` : ""}`);
  }
  return input.qualifier && !resolved.qualifier ? { ...resolved, qualifier: input.qualifier } : resolved;
}

async function invokeDurable(ctx: ServiceContext, input: InvokeInput, fn: ResolvedFunction): Promise<LambdaResponse> {
  if (!fn.qualifier) {
    throw new InvalidParameterValueError(
      "You cannot invoke a durable function using an unqualified ARN. Specify a version or alias (for example my-function:live).",
    );
  }
  parsePayload(input.payload);
  const record = await ctx.engine.startExecution({
    fn,
    qualifier: fn.qualifier,
    ...(input.executionName && { executionName: input.executionName }),
    payload: input.payload,
  });
  const headers = { "X-Amz-Durable-Execution-Arn": record.executionArn, "X-Amz-Executed-Version": record.version };
  if (input.invocationType === InvocationType.Event) return { status: 202, headers };
  return durableResult(await ctx.engine.waitForCompletion(record), headers);
}

function durableResult(summary: ExecutionSummary, headers: Record<string, string>): LambdaResponse {
  if (summary.status === ExecutionStatus.SUCCEEDED) {
    return { status: 200, headers, body: summary.result === undefined || summary.result === "" ? "null" : summary.result };
  }
  return {
    status: 200,
    headers: { ...headers, "X-Amz-Function-Error": "Unhandled" },
    body: {
      errorType: summary.error?.ErrorType ?? `Execution${summary.status}`,
      errorMessage: summary.error?.ErrorMessage ?? `The durable execution ended with status ${summary.status}`,
      ...(summary.error?.StackTrace && { trace: summary.error.StackTrace }),
    },
  };
}

async function invokePlain(ctx: ServiceContext, input: InvokeInput, fn: ResolvedFunction): Promise<LambdaResponse> {
  const event = parsePayload(input.payload);
  const version = fn.qualifier && /^\d+$/.test(fn.qualifier) ? fn.qualifier : "$LATEST";
  if (input.invocationType === InvocationType.Event) {
    // Fire and forget, as Lambda's async invoke; errors are the function's own business.
    void ctx.functions.invoke(fn.name, event).catch(() => undefined);
    return { status: 202, headers: { "X-Amz-Executed-Version": version } };
  }
  const result = await ctx.functions.invoke(fn.name, event);
  if (result.error) {
    return {
      status: 200,
      headers: { "X-Amz-Function-Error": "Unhandled", "X-Amz-Executed-Version": version },
      body: { errorType: result.error.errorType, errorMessage: result.error.errorMessage, ...(result.error.trace && { trace: result.error.trace }) },
    };
  }
  return {
    status: 200,
    headers: { "X-Amz-Executed-Version": version },
    body: result.payload === undefined ? "null" : JSON.stringify(result.payload),
  };
}

function parsePayload(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    throw new InvalidParameterValueError("Could not parse request body into json: the payload is not valid JSON.");
  }
}
