/**
 * Local AWS Lambda service: the Lambda REST API (Invoke + the nine durable-execution routes of API version
 * 2025-12-01) on node:http, driving durable executions of any handler reached through a FunctionRuntime.
 *
 * ```ts
 * const service = await startLambdaService({ port: 3001, functions, dataDir: ".local-data", timeScale: 0.01 });
 * // handlers get AWS_ENDPOINT_URL_LAMBDA=service.endpoint so the durable SDK checkpoints over HTTP
 * await service.close();
 * ```
 */
export { startLambdaService } from "./server";
export type {
  ErrorObject,
  ExecutionSummary,
  FunctionInvokeResult,
  FunctionRuntime,
  LambdaService,
  LambdaServiceOptions,
  ResolvedFunction,
} from "./types";
export { ExecutionStatus } from "./constants";
export { parseFunctionName } from "./arn";
export { parseTimeScale, TIME_SCALE_ENV } from "./time-scale";
