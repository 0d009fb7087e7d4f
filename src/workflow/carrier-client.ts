/**
 * Asks the shipping worker whether the carrier is ready to collect a parcel, with a
 * plain synchronous Lambda Invoke.
 *
 * Why not `context.invoke`: the pickup poll is a `waitForCondition`, whose check runs
 * like a step and cannot start durable operations. The check therefore calls the
 * shipping function the way any Lambda calls another (same function, same IAM grant
 * the template gives the orchestrator for `context.invoke`). The answer is
 * checkpointed as the poll's state, so a replay never asks again. Locally the SDK's
 * client goes wherever AWS_ENDPOINT_URL_LAMBDA points (the local Lambda service, or a
 * test's Invoke endpoint).
 */
import { InvokeCommand } from "@aws-sdk/client-lambda";
import { getLambdaClient } from "../adapters/lambda";
import type { ShippingRequest, ShippingResponse } from "../workers/contracts";
import { CarrierUnavailableError } from "./errors";

export type PickupStatusAnswer = Extract<ShippingResponse, { action: "pickupStatus" }> | Extract<ShippingResponse, { ok: false }>;


export async function askPickupStatus(shippingFunction: string, request: Extract<ShippingRequest, { action: "pickupStatus" }>): Promise<PickupStatusAnswer> {
  let output: unknown;
  try {
    output = await getLambdaClient().send(new InvokeCommand({ FunctionName: shippingFunction, Payload: JSON.stringify(request) }));
  } catch (error) {
    throw new CarrierUnavailableError(`pickup status request failed: ${error instanceof Error ? error.name : "unknown error"}`, { cause: error });
  }
  const { functionError, payload } = readInvokeOutput(output);
  if (functionError) throw new CarrierUnavailableError(`shipping worker failed (${functionError})`);
  if (!isPickupStatusAnswer(payload)) throw new CarrierUnavailableError("shipping worker answered with an unexpected payload");
  return payload;
}

function readInvokeOutput(output: unknown): { functionError?: string; payload: unknown } {
  if (typeof output !== "object" || output === null) return { payload: undefined };
  const { FunctionError, Payload } = output as { FunctionError?: unknown; Payload?: unknown };
  const text = Payload instanceof Uint8Array ? Buffer.from(Payload).toString("utf8") : "";
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  return typeof FunctionError === "string" && FunctionError ? { functionError: FunctionError, payload } : { payload };
}

function isPickupStatusAnswer(value: unknown): value is PickupStatusAnswer {
  if (typeof value !== "object" || value === null || !("ok" in value)) return false;
  if (value.ok === false) return true;
  return "ready" in value && typeof value.ready === "boolean";
}
