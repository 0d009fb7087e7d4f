import { page } from "../paging";
import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { optionalBoolean, optionalInteger, requireLabel } from "../validation";
import { eventForRest } from "../wire";

interface GetHistoryInput {
  arn: string;
  includeExecutionData: boolean;
  maxItems?: number;
  marker?: string;
  reverseOrder: boolean;
}

/** GET /2025-12-01/durable-executions/{DurableExecutionArn}/history */
export const getDurableExecutionHistory: OperationHandler<GetHistoryInput> = {
  validate(request: LambdaRequest): GetHistoryInput {
    const marker = request.query.get("Marker");
    const maxItems = optionalInteger(request.query.get("MaxItems"), "MaxItems", 1, 1000);
    return {
      arn: requireLabel(request.label, "DurableExecutionArn"),
      includeExecutionData: optionalBoolean(request.query.get("IncludeExecutionData"), "IncludeExecutionData") ?? true,
      ...(maxItems !== undefined && { maxItems }),
      ...(marker && { marker }),
      reverseOrder: optionalBoolean(request.query.get("ReverseOrder"), "ReverseOrder") ?? false,
    };
  },

  async handle(ctx: ServiceContext, input: GetHistoryInput): Promise<LambdaResponse> {
    const record = ctx.engine.requireExecution(input.arn);
    const events = input.reverseOrder ? [...record.history].reverse() : record.history;
    const { items, nextMarker } = page(events, input.marker, input.maxItems);
    return {
      status: 200,
      body: {
        Events: items.map((event) => eventForRest(event, input.includeExecutionData)),
        ...(nextMarker !== undefined && { NextMarker: nextMarker }),
      },
    };
  },
};
