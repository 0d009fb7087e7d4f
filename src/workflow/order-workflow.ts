/**
 * The order workflow, a durable Lambda handler. It reads as the business process: one
 * call per phase, the undo list (saga) growing as money and stock are committed, and
 * one place that, when the order cannot finish, undoes what was done and records why.
 *
 * Every phase writes the order's status to DynamoDB from inside durable steps; nothing
 * here reads the clock, draws random numbers or does I/O outside an operation, so a
 * replay takes exactly the same path.
 */
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { createDurableSdkLambdaClient } from "../adapters/lambda";
import { OrderDomainError } from "../domain/errors";
import { workflowConfig } from "./config";
import { OrderCannotContinueError } from "./errors";
import { isOperationFailure } from "./invoke-worker";
import type { OrderSummary, OrderWorkflowEvent } from "./model";
import { observeInvocation, observeOrder, workerRetryMetrics } from "./observability";
import { obtainApproval, needsApproval } from "./phases/approval";
import { commitOrder } from "./phases/commit";
import { completeOrder } from "./phases/completion";
import { fulfilOrder } from "./phases/fulfilment";
import { recordOutcome } from "./phases/outcome";
import { prepareOrder } from "./phases/preparation";
import { assessRisk } from "./phases/risk";
import { shipOrder } from "./phases/shipping";
import { validateOrder } from "./phases/validation";
import { Saga } from "./saga";

export async function processOrder(event: OrderWorkflowEvent, context: DurableContext): Promise<OrderSummary> {
  observeInvocation(context, event);
  const config = workflowConfig();
  const accepted = await validateOrder(context, event);
  observeOrder(accepted.orderId);
  const saga = new Saga(accepted.orderId);

  try {
    const prepared = await prepareOrder(context, accepted, saga, config);
    await assessRisk(context, prepared);
    if (needsApproval(prepared.totals.totalCents, config)) await obtainApproval(context, prepared, config);
    await commitOrder(context, prepared, saga, config);
    const labelled = await fulfilOrder(context, prepared, config);
    await shipOrder(context, labelled, config);
    saga.close(); // the parcel has left: the workflow no longer takes stock or money back
    return await completeOrder(context, labelled);
  } catch (error) {
    if (!isOrderStopper(error)) throw error;
    context.logger.warn("order cannot finish; compensating", { errorName: error.name });
    await saga.compensate(context);
    await recordOutcome(context, accepted.orderId, error);
    throw error;
  }
}

/** Business refusals and exhausted operations stop the order; anything else is a bug and fails the execution as is. */
function isOrderStopper(error: unknown): error is Error {
  return error instanceof OrderDomainError || error instanceof OrderCannotContinueError || isOperationFailure(error);
}

export const handler = withDurableExecution(processOrder, { client: createDurableSdkLambdaClient(), plugins: [workerRetryMetrics] });
