/**
 * The durable handlers the overhead benchmark runs: nothing but checkpoints, so the
 * time they take is the engine's (SDK + local service), not the app's. Loaded by the
 * local function runtime in a sandbox, like the template's functions; the SDK reaches
 * the local service through AWS_ENDPOINT_URL_LAMBDA, which the sandbox sets.
 */
import { withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";
import { createDurableSdkLambdaClient } from "../../src/adapters/lambda";

/** The same checkpoint client as the order workflow's. */
const config = { client: createDurableSdkLambdaClient() };

export interface OverheadEvent {
  steps: number;
}

/** N no-op steps in one invocation: each step is one checkpoint (START and SUCCEED in one batch). */
export const steps = withDurableExecution(async (event: OverheadEvent, context: DurableContext) => {
  for (let i = 0; i < event.steps; i++) await context.step(`step-${i}`, async () => i);
  return { steps: event.steps };
}, config);

/** N no-op steps, each followed by a one-second wait: the handler suspends and replays N times. */
export const stepsWithWaits = withDurableExecution(async (event: OverheadEvent, context: DurableContext) => {
  for (let i = 0; i < event.steps; i++) {
    await context.step(`step-${i}`, async () => i);
    await context.wait(`wait-${i}`, { seconds: 1 });
  }
  return { steps: event.steps };
}, config);
