import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { requireLabel } from "../validation";

interface CallbackHeartbeatInput {
  callbackId: string;
}

/** POST /2025-12-01/durable-execution-callbacks/{CallbackId}/heartbeat */
export const sendDurableExecutionCallbackHeartbeat: OperationHandler<CallbackHeartbeatInput> = {
  validate(request: LambdaRequest): CallbackHeartbeatInput {
    return { callbackId: requireLabel(request.label, "CallbackId") };
  },

  async handle(ctx: ServiceContext, input: CallbackHeartbeatInput): Promise<LambdaResponse> {
    await ctx.engine.heartbeatCallback(input.callbackId);
    return { status: 200, body: {} };
  },
};
