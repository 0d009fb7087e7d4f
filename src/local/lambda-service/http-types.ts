import type { IncomingHttpHeaders } from "node:http";
import type { ArnContext } from "./arn";
import type { DurableEngine } from "./engine";
import type { ExecutionStore } from "./store";
import type { FunctionRuntime } from "./types";

/** The Lambda operations this service implements. */
export const LambdaOperation = {
  Invoke: "Invoke",
  CheckpointDurableExecution: "CheckpointDurableExecution",
  GetDurableExecutionState: "GetDurableExecutionState",
  GetDurableExecution: "GetDurableExecution",
  GetDurableExecutionHistory: "GetDurableExecutionHistory",
  ListDurableExecutionsByFunction: "ListDurableExecutionsByFunction",
  StopDurableExecution: "StopDurableExecution",
  SendDurableExecutionCallbackSuccess: "SendDurableExecutionCallbackSuccess",
  SendDurableExecutionCallbackFailure: "SendDurableExecutionCallbackFailure",
  SendDurableExecutionCallbackHeartbeat: "SendDurableExecutionCallbackHeartbeat",
} as const;
export type LambdaOperation = (typeof LambdaOperation)[keyof typeof LambdaOperation];

/** A parsed request: the path label is already percent-decoded (it was split off the raw path first). */
export interface LambdaRequest {
  operation: LambdaOperation;
  /** FunctionName, DurableExecutionArn or CallbackId, depending on the operation. */
  label: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface LambdaResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
}

export interface ServiceContext {
  engine: DurableEngine;
  store: ExecutionStore;
  functions: FunctionRuntime;
  arn: ArnContext;
}

/** Every operation module exports one of these: validation first, then the action. */
export interface OperationHandler<Input> {
  validate(request: LambdaRequest): Input;
  handle(ctx: ServiceContext, input: Input): Promise<LambdaResponse>;
}
