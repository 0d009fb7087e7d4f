/**
 * The process environment a function sees locally: what Lambda itself sets, the
 * template's resolved variables, and the endpoints that send its AWS SDK clients
 * to the local services instead of AWS.
 */
import type { FunctionSpec } from "./functions";
import { LOCAL_AWS } from "./local-aws";
import { PROJECT_ROOT } from "./template";

const NODE_MAJOR = Number(process.versions.node.split(".")[0]);

/**
 * SAM CLI's `--env-vars` shape: `Parameters` applies to every function, a key
 * named after a function (logical id or name) to that function only. As in SAM,
 * an override only replaces a variable the template declares for the function.
 */
export type EnvironmentOverrides = Record<string, Record<string, string>>;

export interface LocalEndpoints {
  lambda?: string;
  dynamodb?: string;
}

/**
 * `timeScale`: the stack's DURABLE_EXECUTIONS_TIME_SCALE, passed on to every function so
 * that one which measures time itself (the re-driver's grace period) keeps pace with the
 * scaled durable waits. Lambda never sets it, so in AWS it reads as 1.
 */
export function sandboxEnvironment(spec: FunctionSpec, endpoints: LocalEndpoints, overrides: EnvironmentOverrides = {}, timeScale = 1): Record<string, string> {
  const declared = { ...spec.environment };
  for (const scope of ["Parameters", spec.logicalId, spec.name]) {
    for (const [key, value] of Object.entries(overrides[scope] ?? {})) {
      if (key in declared) declared[key] = String(value);
    }
  }
  return {
    // Only what a Lambda environment has: nothing leaks in from the shell that started the stack.
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: "en_US.UTF-8",
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    LAMBDA_TASK_ROOT: PROJECT_ROOT,
    _HANDLER: spec.handler,
    AWS_EXECUTION_ENV: `AWS_Lambda_${spec.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memorySizeMb),
    AWS_LAMBDA_LOG_GROUP_NAME: spec.logging.logGroup,
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
    ...(spec.logging.format ? { AWS_LAMBDA_LOG_FORMAT: spec.logging.format } : {}),
    ...(spec.logging.applicationLogLevel ? { AWS_LAMBDA_LOG_LEVEL: spec.logging.applicationLogLevel } : {}),
    AWS_REGION: LOCAL_AWS.region,
    AWS_DEFAULT_REGION: LOCAL_AWS.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS.credentials.secretAccessKey,
    // There is no instance metadata service to ask for credentials or a region.
    AWS_EC2_METADATA_DISABLED: "true",
    // Lambda runs Node.js 22; the SDK's warning about an older local Node.js says nothing about the deployed function.
    ...(NODE_MAJOR < 22 ? { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } : {}),
    ...(endpoints.lambda ? { AWS_ENDPOINT_URL_LAMBDA: endpoints.lambda } : {}),
    ...(endpoints.dynamodb ? { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb } : {}),
    ...(timeScale !== 1 ? { DURABLE_EXECUTIONS_TIME_SCALE: String(timeScale) } : {}),
    ...declared,
  };
}
