/**
 * The functions of template.yaml as the local stack runs them: Globals merged in,
 * intrinsics resolved, and the TypeScript entry point found from the esbuild
 * build metadata, so locally we run the very source that `sam build` bundles.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { functionArn, functionNameOf, resolveString, resolveValue, type ResolutionContext } from "./intrinsics";
import { PROJECT_ROOT, resourcesOfType } from "./template";

export interface DurableSettings {
  executionTimeoutSeconds: number;
  retentionPeriodInDays: number;
}

export interface FunctionSpec {
  logicalId: string;
  /** The name callers use (FunctionName when set, else the logical id). */
  name: string;
  /** Unqualified ARN. */
  arn: string;
  /** As written in the template, e.g. `inventory.handler`. */
  handler: string;
  /** Absolute path of the module to load. */
  codePath: string;
  /** The export to call. */
  handlerExport: string;
  runtime: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  /** The template's Environment.Variables, resolved to local values. */
  environment: Record<string, string>;
  /** Present when the function has DurableConfig. */
  durable?: DurableSettings;
  /** AutoPublishAlias, e.g. `live`. */
  alias?: string;
  /** LoggingConfig, which Lambda surfaces to the code as AWS_LAMBDA_LOG_FORMAT, AWS_LAMBDA_LOG_LEVEL and AWS_LAMBDA_LOG_GROUP_NAME. */
  logging: { format?: string; applicationLogLevel?: string; logGroup: string };
}

/** Lambda's own defaults when the template leaves them out. */
const LAMBDA_DEFAULTS = { timeoutSeconds: 3, memorySizeMb: 128, retentionPeriodInDays: 14 } as const;

/** `templateDir`: CodeUri is relative to the template's folder, as in SAM. */
export function functionSpecs(context: ResolutionContext, templateDir: string = PROJECT_ROOT): FunctionSpec[] {
  const globals = (context.template.Globals?.Function ?? {}) as Record<string, unknown>;
  return resourcesOfType(context.template, "AWS::Serverless::Function").map(([logicalId, resource]) => {
    const properties = mergeGlobals(globals, resource.Properties ?? {});
    const where = (property: string) => `${logicalId}.${property}`;
    const handler = resolveString(properties.Handler, context, where("Handler"));
    const name = functionNameOf(logicalId, context);
    const codeUri = properties.CodeUri === undefined ? "." : resolveString(properties.CodeUri, context, where("CodeUri"));
    const { codePath, handlerExport } = locateCode(logicalId, handler, resolve(templateDir, codeUri), resource.Metadata);
    const environment = resolveEnvironment(properties.Environment, context, where("Environment"));
    const durableConfig = resolveValue(properties.DurableConfig, context) as Record<string, unknown> | undefined;
    const logging = properties.LoggingConfig as Record<string, unknown> | undefined;
    const logSetting = (key: string) => (logging?.[key] === undefined ? undefined : resolveString(logging[key], context, where(`LoggingConfig.${key}`)));
    const alias = properties.AutoPublishAlias === undefined ? undefined : resolveString(properties.AutoPublishAlias, context, where("AutoPublishAlias"));
    return {
      logicalId,
      name,
      arn: functionArn(name, context),
      handler,
      codePath,
      handlerExport,
      runtime: properties.Runtime === undefined ? "nodejs22.x" : resolveString(properties.Runtime, context, where("Runtime")),
      timeoutSeconds: numberOr(resolveValue(properties.Timeout, context), LAMBDA_DEFAULTS.timeoutSeconds),
      memorySizeMb: numberOr(resolveValue(properties.MemorySize, context), LAMBDA_DEFAULTS.memorySizeMb),
      environment,
      ...(durableConfig
        ? {
            durable: {
              executionTimeoutSeconds: numberOr(durableConfig.ExecutionTimeout, 0),
              retentionPeriodInDays: numberOr(durableConfig.RetentionPeriodInDays, LAMBDA_DEFAULTS.retentionPeriodInDays),
            },
          }
        : {}),
      ...(alias ? { alias } : {}),
      logging: {
        ...(logSetting("LogFormat") ? { format: logSetting("LogFormat") } : {}),
        ...(logSetting("ApplicationLogLevel") ? { applicationLogLevel: logSetting("ApplicationLogLevel") } : {}),
        logGroup: logSetting("LogGroup") ?? `/aws/lambda/${name}`,
      },
    };
  });
}

/**
 * SAM's Globals rules: maps merge key by key (the function wins), lists are
 * concatenated with the global entries first, and anything else the function sets replaces the global.
 */
export function mergeGlobals(globals: Record<string, unknown>, own: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...globals };
  for (const [key, value] of Object.entries(own)) {
    const inherited = merged[key];
    if (isPlainMap(inherited) && isPlainMap(value)) merged[key] = mergeGlobals(inherited, value);
    else if (Array.isArray(inherited) && Array.isArray(value)) merged[key] = [...inherited, ...value];
    else merged[key] = value;
  }
  return merged;
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  // A one-key map whose key is an intrinsic is a value, not a map to merge into.
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return !(keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::")));
}

function resolveEnvironment(environment: unknown, context: ResolutionContext, where: string): Record<string, string> {
  const variables = (environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (resolveValue(value, context) === undefined) continue; // AWS::NoValue
    resolved[key] = resolveString(value, context, `${where}.Variables.${key}`);
  }
  return resolved;
}

/**
 * `Handler: inventory.handler` names the bundle's file and export. With esbuild
 * metadata the source is the first entry point; without it, the handler's module
 * path under CodeUri, as the plain Node.js runtime would load it.
 */
function locateCode(logicalId: string, handler: string, codeRoot: string, metadata: Record<string, unknown> | undefined): { codePath: string; handlerExport: string } {
  const dot = handler.lastIndexOf(".");
  if (dot <= 0) throw new Error(`${logicalId}: Handler "${handler}" is not of the form <module>.<export>`);
  const handlerExport = handler.slice(dot + 1);
  const entryPoints = (metadata?.BuildProperties as { EntryPoints?: unknown } | undefined)?.EntryPoints;
  const candidates = Array.isArray(entryPoints) && typeof entryPoints[0] === "string"
    ? [resolve(codeRoot, entryPoints[0])]
    : [".ts", ".js", ".cjs", ".mjs"].map((extension) => resolve(codeRoot, handler.slice(0, dot) + extension));
  const codePath = candidates.find((candidate) => existsSync(candidate)) ?? candidates[0]!;
  return { codePath, handlerExport };
}

function numberOr(value: unknown, fallback: number): number {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isFinite(number) ? number : fallback;
}
