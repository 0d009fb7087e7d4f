import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import type { ErrorObject } from "../types";
import { errorObject, parseJsonBody, requireLabel } from "../validation";

interface StopInput {
  arn: string;
  error?: ErrorObject;
}

/** POST /2025-12-01/durable-executions/{DurableExecutionArn}/stop — the body is the ErrorObject itself. */
export const stopDurableExecution: OperationHandler<StopInput> = {
  validate(request: LambdaRequest): StopInput {
    const error = request.body.length > 0 ? errorObject(parseJsonBody(request.body)) : undefined;
    return { arn: requireLabel(request.label, "DurableExecutionArn"), ...(error && { error }) };
  },

  async handle(ctx: ServiceContext, input: StopInput): Promise<LambdaResponse> {
    const stoppedAt = await ctx.engine.stop(input.arn, input.error);
    return { status: 200, body: { StopTimestamp: stoppedAt / 1000 } };
  },
};
