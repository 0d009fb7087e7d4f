/**
 * Our calls to Lambda: start an order's durable execution, answer its approval callback,
 * and, for the re-driver, ask how executions ended and call a worker directly.
 *
 * The client is created on first use so that the endpoint (AWS_ENDPOINT_URL_LAMBDA,
 * read by the SDK itself), region and credentials come from the environment at that
 * moment; tests inject their own with `setLambdaClient`.
 */
import {
  GetDurableExecutionCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  SendDurableExecutionCallbackSuccessCommand,
  type LambdaClientConfig,
} from "@aws-sdk/client-lambda";
import { canonicalJson } from "../domain/canonical-json";
import type { OrderInput } from "../domain/order";
import { requiredEnv } from "./env";
import { instrumentClient } from "./instrumentation";
import type { ApprovalDecision } from "../domain/approval";

/** The commands this module sends; a test double only has to answer these. */
export type LambdaCommand = InvokeCommand | SendDurableExecutionCallbackSuccessCommand | GetDurableExecutionCommand | ListDurableExecutionsByFunctionCommand;

/** The slice of `LambdaClient` we use. A `LambdaClient` satisfies it, and so does a recording fake. */
export interface LambdaSender {
  send(command: LambdaCommand): Promise<unknown>;
}

/** The event that starts an execution (the orchestrator's OrderWorkflowEvent, with orderId always set). */
export interface OrderWorkflowStartPayload {
  orderId: string;
  order: OrderInput;
}

export interface WorkflowStart {
  /** The durable execution's ARN, when Lambda reports it (X-Amz-Durable-Execution-Arn). */
  executionArn?: string;
  /** True when an execution of that name already existed, i.e. this call started nothing. */
  alreadyStarted: boolean;
}


/** A Lambda call failed. `retryable` separates throttling and service trouble (try again) from refusals. */
export class LambdaCallError extends Error {
  override readonly name = "LambdaCallError";
  constructor(
    readonly operation: "start-workflow" | "send-approval" | "describe-execution" | "list-executions" | "invoke-worker",
    readonly lambdaErrorName: string,
    readonly retryable: boolean,
    options?: ErrorOptions,
  ) {
    super(`lambda ${operation} failed with ${lambdaErrorName}`, options);
  }
}

/** The callback can no longer be answered: it timed out, was already answered, or never existed. */
export class ApprovalCallbackClosedError extends Error {
  override readonly name = "ApprovalCallbackClosedError";
  constructor(
    message: string,
    readonly lambdaErrorName: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Every Lambda client of ours builds each command's middleware chain once rather than on
 * every call (a sixth or so of a call's CPU). The one condition, adding no middleware after
 * the first call, holds: we add none.
 */
const CLIENT_CONFIG = { cacheMiddleware: true } as const satisfies LambdaClientConfig;

/** The request timeouts the durable execution SDK gives the client it would create itself. */
const DURABLE_SDK_REQUEST_HANDLER = { connectionTimeout: 5_000, socketTimeout: 50_000, requestTimeout: 55_000, throwOnRequestTimeout: true } as const;

/** The client the durable execution SDK checkpoints with (`withDurableExecution(handler, { client })`). */
export function createDurableSdkLambdaClient(): LambdaClient {
  return new LambdaClient({ ...CLIENT_CONFIG, requestHandler: DURABLE_SDK_REQUEST_HANDLER });
}

let client: LambdaSender | undefined;

export function getLambdaClient(): LambdaSender {
  client ??= instrumentClient(new LambdaClient(CLIENT_CONFIG));
  return client;
}

/** Replaces the client (tests); `undefined` goes back to a lazily created real one. */
export function setLambdaClient(replacement: LambdaSender | undefined): void {
  client = replacement;
}

/**
 * The durable execution name for an order. Lambda treats a repeated name with the same
 * payload as the same execution, so a retried start can never run an order twice.
 * Order ids are at most 58 characters of [A-Za-z0-9_-], which keeps this within 64.
 */
export function durableExecutionName(orderId: string): string {
  return `order-${orderId}`;
}

/** Starts the order workflow asynchronously (InvocationType Event) on the alias in ORDER_WORKFLOW_FUNCTION. */
export async function startOrderWorkflow(orderId: string, order: OrderInput): Promise<WorkflowStart> {
  const payload: OrderWorkflowStartPayload = { orderId, order };
  const command = new InvokeCommand({
    FunctionName: requiredEnv("ORDER_WORKFLOW_FUNCTION"),
    InvocationType: "Event",
    DurableExecutionName: durableExecutionName(orderId),
    // Canonical, so that the API and the re-driver send the same bytes for the same order.
    Payload: canonicalJson(payload),
  });
  try {
    const output = await getLambdaClient().send(command);
    const executionArn = stringField(output, "DurableExecutionArn");
    return executionArn === undefined ? { alreadyStarted: false } : { executionArn, alreadyStarted: false };
  } catch (error) {
    const name = errorName(error);
    // The name is unique to the order, so an execution with it is this order's workflow.
    if (name === "DurableExecutionAlreadyStartedException") return { alreadyStarted: true };
    throw new LambdaCallError("start-workflow", name, isRetryable(error), { cause: error });
  }
}

/** Lambda's ExecutionStatus values. */
export type DurableExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

/** The status of a durable execution (the re-driver asks about executions whose order never moved). */
export async function getExecutionStatus(executionArn: string): Promise<DurableExecutionStatus> {
  try {
    const output = await getLambdaClient().send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn }));
    return stringField(output, "Status") as DurableExecutionStatus;
  } catch (error) {
    throw new LambdaCallError("describe-execution", errorName(error), isRetryable(error), { cause: error });
  }
}

/** The order an execution of the workflow belongs to (the inverse of durableExecutionName), or undefined for another name. */
export function orderIdOfExecution(executionName: string): string | undefined {
  return executionName.startsWith("order-") && executionName.length > "order-".length ? executionName.slice("order-".length) : undefined;
}

export interface ExecutionSummary {
  executionArn: string;
  executionName: string;
  status: DurableExecutionStatus;
}

/**
 * Executions of the workflow (ORDER_WORKFLOW_FUNCTION) with one of `statuses` (all when
 * empty) that started after `startedAfter`, a page at a time. Lambda filters by start time only, so
 * the caller picks a window that covers every execution that may still matter.
 */
export async function listWorkflowExecutions(
  statuses: readonly DurableExecutionStatus[],
  startedAfter: Date,
  page: { marker?: string; maxItems: number; executionName?: string },
): Promise<{ executions: ExecutionSummary[]; nextMarker?: string }> {
  try {
    const output = (await getLambdaClient().send(
      new ListDurableExecutionsByFunctionCommand({
        // Every version and alias: executions are started on the alias, and an alias moves.
        FunctionName: unqualified(requiredEnv("ORDER_WORKFLOW_FUNCTION")),
        Statuses: [...statuses],
        StartedAfter: startedAfter,
        MaxItems: page.maxItems,
        ...(page.executionName ? { DurableExecutionName: page.executionName } : {}),
        ...(page.marker ? { Marker: page.marker } : {}),
      }),
    )) as { DurableExecutions?: Array<Record<string, unknown>>; NextMarker?: string };
    const executions = (output.DurableExecutions ?? []).flatMap((entry) => {
      const executionArn = stringField(entry, "DurableExecutionArn");
      const executionName = stringField(entry, "DurableExecutionName");
      const status = stringField(entry, "Status") as DurableExecutionStatus | undefined;
      return executionArn && executionName && status ? [{ executionArn, executionName, status }] : [];
    });
    return { executions, ...(output.NextMarker ? { nextMarker: output.NextMarker } : {}) };
  } catch (error) {
    throw new LambdaCallError("list-executions", errorName(error), isRetryable(error), { cause: error });
  }
}

/** `name:qualifier` or a qualified ARN without its qualifier. */
export function unqualified(functionNameOrArn: string): string {
  const parts = functionNameOrArn.split(":");
  if (parts[0] === "arn") return parts.slice(0, 7).join(":");
  return parts.length === 2 ? parts[0]! : functionNameOrArn;
}

/**
 * Calls a worker function synchronously and returns its JSON answer. A worker throws only
 * for transient trouble, so a function error is retryable; business refusals come back
 * as data (`{ ok: false }`).
 */
export async function invokeWorkerFunction<TRequest, TResponse>(functionName: string, request: TRequest): Promise<TResponse> {
  let output: { FunctionError?: string; Payload?: Uint8Array };
  try {
    output = (await getLambdaClient().send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: "RequestResponse", Payload: JSON.stringify(request) }),
    )) as typeof output;
  } catch (error) {
    throw new LambdaCallError("invoke-worker", errorName(error), isRetryable(error), { cause: error });
  }
  if (output.FunctionError) throw new LambdaCallError("invoke-worker", output.FunctionError, true);
  return JSON.parse(new TextDecoder().decode(output.Payload ?? new Uint8Array())) as TResponse;
}

/** Completes the order's approval callback with `decision` as its JSON result (through `sender`: the console passes its own client). */
export async function sendApprovalDecision(callbackId: string, decision: ApprovalDecision, sender: LambdaSender = getLambdaClient()): Promise<void> {
  const result: ApprovalDecision = decision.reason === undefined ? { approved: decision.approved } : { approved: decision.approved, reason: decision.reason };
  try {
    await sender.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId: callbackId, Result: JSON.stringify(result) }));
  } catch (error) {
    const name = errorName(error);
    if (CLOSED_CALLBACK_ERRORS.has(name)) {
      throw new ApprovalCallbackClosedError("the approval callback is closed (timed out, already answered or unknown)", name, { cause: error });
    }
    throw new LambdaCallError("send-approval", name, isRetryable(error), { cause: error });
  }
}

const CLOSED_CALLBACK_ERRORS: ReadonlySet<string> = new Set(["CallbackTimeoutException", "ResourceNotFoundException"]);

const RETRYABLE_ERRORS: ReadonlySet<string> = new Set([
  "TooManyRequestsException",
  "ServiceException",
  "ThrottlingException",
  "ResourceConflictException",
  "ResourceNotReadyException",
  "EC2ThrottledException",
  "TimeoutError",
]);

function isRetryable(error: unknown): boolean {
  if (RETRYABLE_ERRORS.has(errorName(error))) return true;
  const fault = typeof error === "object" && error !== null && "$fault" in error ? error.$fault : undefined;
  return fault === "server";
}

function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error === "object" && error !== null && "name" in error && typeof error.name === "string" ? error.name : "UnknownError";
}

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const found: unknown = (value as Record<string, unknown>)[field];
  return typeof found === "string" && found !== "" ? found : undefined;
}
