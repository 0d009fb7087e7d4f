import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { optionalInteger, requireLabel } from "../validation";

interface GetStateInput {
  arn: string;
  checkpointToken?: string;
  marker?: string;
  maxItems?: number;
}

/** GET /2025-12-01/durable-executions/{DurableExecutionArn}/state */
export const getDurableExecutionState: OperationHandler<GetStateInput> = {
  validate(request: LambdaRequest): GetStateInput {
    const token = request.query.get("CheckpointToken");
    const marker = request.query.get("Marker");
    const maxItems = optionalInteger(request.query.get("MaxItems"), "MaxItems", 1, 1000);
    return {
      arn: requireLabel(request.label, "DurableExecutionArn"),
      ...(token && { checkpointToken: token }),
      ...(marker && { marker }),
      ...(maxItems !== undefined && { maxItems }),
    };
  },

  async handle(ctx: ServiceContext, input: GetStateInput): Promise<LambdaResponse> {
    return { status: 200, body: ctx.engine.getState(input.arn, input.checkpointToken, input.marker, input.maxItems) };
  },
};
