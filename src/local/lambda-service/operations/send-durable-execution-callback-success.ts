import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { requireLabel } from "../validation";

interface CallbackSuccessInput {
  callbackId: string;
  result?: string;
}

/** POST /2025-12-01/durable-execution-callbacks/{CallbackId}/succeed — the raw body is the result. */
export const sendDurableExecutionCallbackSuccess: OperationHandler<CallbackSuccessInput> = {
  validate(request: LambdaRequest): CallbackSuccessInput {
    return {
      callbackId: requireLabel(request.label, "CallbackId"),
      ...(request.body.length > 0 && { result: request.body.toString("utf8") }),
    };
  },

  async handle(ctx: ServiceContext, input: CallbackSuccessInput): Promise<LambdaResponse> {
    await ctx.engine.completeCallback(input.callbackId, input.result === undefined ? {} : { result: input.result });
    return { status: 200, body: {} };
  },
};
