import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import type { ErrorObject } from "../types";
import { errorObject, parseJsonBody, requireLabel } from "../validation";

interface CallbackFailureInput {
  callbackId: string;
  error: ErrorObject;
}

/** POST /2025-12-01/durable-execution-callbacks/{CallbackId}/fail — the body is the ErrorObject itself. */
export const sendDurableExecutionCallbackFailure: OperationHandler<CallbackFailureInput> = {
  validate(request: LambdaRequest): CallbackFailureInput {
    return { callbackId: requireLabel(request.label, "CallbackId"), error: errorObject(parseJsonBody(request.body)) ?? {} };
  },

  async handle(ctx: ServiceContext, input: CallbackFailureInput): Promise<LambdaResponse> {
    await ctx.engine.completeCallback(input.callbackId, { error: input.error });
    return { status: 200, body: {} };
  },
};
