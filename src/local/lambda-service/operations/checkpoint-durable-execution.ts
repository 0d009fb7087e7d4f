import { InvalidParameterValueError } from "../errors";
import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import type { OperationUpdate } from "../types";
import { optionalString, parseJsonBody, requireLabel } from "../validation";

interface CheckpointInput {
  arn: string;
  checkpointToken?: string;
  updates: OperationUpdate[];
}

/** POST /2025-12-01/durable-executions/{DurableExecutionArn}/checkpoint */
export const checkpointDurableExecution: OperationHandler<CheckpointInput> = {
  validate(request: LambdaRequest): CheckpointInput {
    const body = parseJsonBody(request.body);
    const updates = body.Updates ?? [];
    if (!Array.isArray(updates) || !updates.every((u) => u && typeof u === "object")) {
      throw new InvalidParameterValueError("Updates must be a list of OperationUpdate objects.");
    }
    const checkpointToken = optionalString(body.CheckpointToken, "CheckpointToken");
    if (!checkpointToken) throw new InvalidParameterValueError("CheckpointToken is required.");
    return { arn: requireLabel(request.label, "DurableExecutionArn"), checkpointToken, updates: updates as OperationUpdate[] };
  },

  async handle(ctx: ServiceContext, input: CheckpointInput): Promise<LambdaResponse> {
    return { status: 200, body: await ctx.engine.checkpoint(input.arn, input.checkpointToken, input.updates) };
  },
};
