import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { optionalBoolean, requireLabel } from "../validation";
import { epochSeconds } from "../wire";

interface GetExecutionInput {
  arn: string;
  includeExecutionData: boolean;
}

/** GET /2025-12-01/durable-executions/{DurableExecutionArn} */
export const getDurableExecution: OperationHandler<GetExecutionInput> = {
  validate(request: LambdaRequest): GetExecutionInput {
    return {
      arn: requireLabel(request.label, "DurableExecutionArn"),
      // Locally the data is shown unless explicitly excluded, so `aws lambda get-durable-execution` shows the result.
      includeExecutionData: optionalBoolean(request.query.get("IncludeExecutionData"), "IncludeExecutionData") ?? true,
    };
  },

  async handle(ctx: ServiceContext, input: GetExecutionInput): Promise<LambdaResponse> {
    const record = ctx.engine.requireExecution(input.arn);
    const data = input.includeExecutionData;
    return {
      status: 200,
      body: {
        DurableExecutionArn: record.executionArn,
        DurableExecutionName: record.executionName,
        FunctionArn: record.functionArn,
        Status: record.status,
        StartTimestamp: epochSeconds(record.startTimestamp),
        ...(record.endTimestamp !== undefined && { EndTimestamp: epochSeconds(record.endTimestamp) }),
        ...(data && { InputPayload: record.inputPayload }),
        ...(data && record.result !== undefined && { Result: record.result }),
        ...(data && record.error !== undefined && { Error: record.error }),
        Version: record.version,
        ExecutionDataIncluded: data,
        ...(record.executionTimeoutSeconds !== undefined && { DurableConfig: { ExecutionTimeout: record.executionTimeoutSeconds } }),
      },
    };
  },
};
