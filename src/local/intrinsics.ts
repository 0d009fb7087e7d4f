/**
 * Resolves CloudFormation intrinsic functions in template values to the values
 * they have in the local stack: a table's Ref is its local table name, a
 * function's Ref its local function name, an alias Ref a local alias ARN.
 * Conditions are not evaluated locally, so `Fn::If` and friends are an error
 * rather than a silent guess.
 */
import { localTableName } from "./dynamodb";
import { LOCAL_AWS } from "./local-aws";
import type { Template, TemplateResource } from "./template";

/** A template value could not be resolved to a local value. */
export class IntrinsicResolutionError extends Error {
  override readonly name = "IntrinsicResolutionError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A `--parameter-overrides` value is unknown or breaks the parameter's constraints. */
export class ParameterValueError extends Error {
  override readonly name = "ParameterValueError";
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export interface ResolutionContext {
  readonly template: Template;
  /** Parameter values after defaults and overrides; a parameter with neither is absent. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  readonly stackName: string;
  readonly urlSuffix: string;
}

export interface ResolutionContextOptions {
  parameterOverrides?: Record<string, string>;
  region?: string;
  accountId?: string;
  stackName?: string;
}

export function createResolutionContext(template: Template, options: ResolutionContextOptions = {}): ResolutionContext {
  return {
    template,
    parameters: resolveParameters(template, options.parameterOverrides ?? {}),
    region: options.region ?? LOCAL_AWS.region,
    accountId: options.accountId ?? LOCAL_AWS.accountId,
    partition: LOCAL_AWS.partition,
    stackName: options.stackName ?? LOCAL_AWS.stackName,
    urlSuffix: LOCAL_AWS.urlSuffix,
  };
}

/**
 * Applies overrides over the template's defaults and checks each value against
 * the parameter's declared constraints, as CloudFormation does at deploy time.
 */
export function resolveParameters(template: Template, overrides: Record<string, string>): Record<string, string> {
  const declared = template.Parameters ?? {};
  for (const key of Object.keys(overrides)) {
    if (!(key in declared)) {
      const known = Object.keys(declared).join(", ") || "none";
      throw new ParameterValueError(`unknown template parameter "${key}" (the template declares: ${known})`);
    }
  }
  const values: Record<string, string> = {};
  for (const [key, definition] of Object.entries(declared)) {
    const raw = overrides[key] ?? definition.Default;
    if (raw === undefined || raw === null) continue;
    const value = Array.isArray(raw) ? raw.map(String).join(",") : String(raw);
    checkParameterValue(key, value, definition);
    values[key] = value;
  }
  return values;
}

function checkParameterValue(key: string, value: string, definition: Record<string, unknown>): void {
  const fail = (why: string): never => {
    throw new ParameterValueError(`parameter ${key}=${JSON.stringify(value)} ${why}`);
  };
  if (Array.isArray(definition.AllowedValues) && !definition.AllowedValues.map(String).includes(value)) {
    fail(`is not one of the allowed values: ${definition.AllowedValues.join(", ")}`);
  }
  if (definition.Type === "Number") {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number)) fail("is not a number");
    if (definition.MinValue !== undefined && number < Number(definition.MinValue)) fail(`is below MinValue ${String(definition.MinValue)}`);
    if (definition.MaxValue !== undefined && number > Number(definition.MaxValue)) fail(`is above MaxValue ${String(definition.MaxValue)}`);
  }
  if (definition.Type === "String") {
    if (typeof definition.AllowedPattern === "string" && !new RegExp(`^(?:${definition.AllowedPattern})$`).test(value)) {
      fail(`does not match AllowedPattern ${definition.AllowedPattern}`);
    }
    if (definition.MinLength !== undefined && value.length < Number(definition.MinLength)) fail(`is shorter than MinLength ${String(definition.MinLength)}`);
    if (definition.MaxLength !== undefined && value.length > Number(definition.MaxLength)) fail(`is longer than MaxLength ${String(definition.MaxLength)}`);
  }
}

/** Stands for `Ref: AWS::NoValue`: the property or list element it is in disappears. */
const NO_VALUE: unique symbol = Symbol("AWS::NoValue");

/** Intrinsics that need condition evaluation or other stacks, which the local stack does not do. */
const UNSUPPORTED = ["Fn::If", "Fn::And", "Fn::Equals", "Fn::Not", "Fn::Or", "Condition", "Fn::ImportValue", "Fn::Transform", "Fn::Cidr", "Fn::GetAZs"] as const;

/** Resolves every intrinsic inside `value`; plain values come back unchanged. */
export function resolveValue(value: unknown, context: ResolutionContext): unknown {
  const resolved = resolveNode(value, context, "");
  return resolved === NO_VALUE ? undefined : resolved;
}

/** Resolves a value that must end up a string (an environment variable, a table name). */
export function resolveString(value: unknown, context: ResolutionContext, where: string): string {
  const resolved = resolveValue(value, context);
  if (typeof resolved === "string") return resolved;
  if (typeof resolved === "number" || typeof resolved === "boolean") return String(resolved);
  throw new IntrinsicResolutionError(`${where}: expected a string, got ${JSON.stringify(resolved)}`);
}

function resolveNode(value: unknown, context: ResolutionContext, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveNode(item, context, `${path}[${index}]`)).filter((item) => item !== NO_VALUE);
  }
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const intrinsic = entries.length === 1 ? entries[0] : undefined;
  if (intrinsic && isIntrinsicKey(intrinsic[0])) return resolveIntrinsic(intrinsic[0], intrinsic[1], context, path);
  const result: Record<string, unknown> = {};
  for (const [key, child] of entries) {
    const resolved = resolveNode(child, context, path ? `${path}.${key}` : key);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

function isIntrinsicKey(key: string): boolean {
  return key === "Ref" || key === "Condition" || key.startsWith("Fn::");
}

function resolveIntrinsic(name: string, argument: unknown, context: ResolutionContext, path: string): unknown {
  const at = path ? ` (at ${path})` : "";
  const fail = (why: string): never => {
    throw new IntrinsicResolutionError(`${name}${at}: ${why}`);
  };
  switch (name) {
    case "Ref":
      if (typeof argument !== "string") fail("expects a logical id or parameter name");
      return resolveRef(argument as string, context, at);
    case "Fn::GetAtt": {
      const parts = typeof argument === "string" ? splitOnFirstDot(argument) : argument;
      if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== "string") fail("expects [LogicalId, Attribute]");
      const [logicalId, attribute] = parts as [string, unknown];
      const attributeName = resolveNode(attribute, context, path);
      if (typeof attributeName !== "string") fail("the attribute name must resolve to a string");
      return resolveGetAtt(logicalId, attributeName as string, context, at);
    }
    case "Fn::Sub":
      return resolveSub(argument, context, path, fail);
    case "Fn::Join": {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== "string") fail("expects [delimiter, [values]]");
      const [delimiter, rawList] = argument as [string, unknown];
      const list = resolveNode(rawList, context, path);
      if (!Array.isArray(list)) fail("the second argument must resolve to a list");
      return (list as unknown[]).map((item) => scalarText(item, fail)).join(delimiter);
    }
    case "Fn::Select": {
      if (!Array.isArray(argument) || argument.length !== 2) fail("expects [index, [values]]");
      const index = Number(resolveNode((argument as unknown[])[0], context, path));
      const list = resolveNode((argument as unknown[])[1], context, path);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) fail("index out of range");
      return (list as unknown[])[index];
    }
    case "Fn::Split": {
      if (!Array.isArray(argument) || argument.length !== 2 || typeof argument[0] !== "string") fail("expects [delimiter, string]");
      const source = resolveNode((argument as unknown[])[1], context, path);
      if (typeof source !== "string") fail("the second argument must resolve to a string");
      return (source as string).split((argument as string[])[0]!);
    }
    case "Fn::Base64": {
      const source = resolveNode(argument, context, path);
      if (typeof source !== "string") fail("expects a string");
      return Buffer.from(source as string, "utf8").toString("base64");
    }
    case "Fn::FindInMap": {
      const keys = resolveNode(argument, context, path);
      if (!Array.isArray(keys) || keys.length !== 3) fail("expects [MapName, TopLevelKey, SecondLevelKey]");
      const [map, top, second] = (keys as unknown[]).map(String) as [string, string, string];
      const mappings = (context.template.Mappings ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
      const found = mappings[map]?.[top]?.[second];
      if (found === undefined) fail(`no mapping ${map}.${top}.${second}`);
      return found;
    }
    default:
      if ((UNSUPPORTED as readonly string[]).includes(name)) {
        return fail("not supported by the local stack (conditions, imports and transforms are not evaluated locally)");
      }
      return fail("unknown intrinsic function");
  }
}

function splitOnFirstDot(text: string): [string, string] {
  const dot = text.indexOf(".");
  return dot < 0 ? [text, ""] : [text.slice(0, dot), text.slice(dot + 1)];
}

function scalarText(value: unknown, fail: (why: string) => never): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  return fail(`cannot join ${JSON.stringify(value)}`);
}

function resolveSub(argument: unknown, context: ResolutionContext, path: string, fail: (why: string) => never): string {
  let text: unknown = argument;
  let variables: Record<string, unknown> = {};
  if (Array.isArray(argument)) {
    if (argument.length !== 2 || typeof argument[0] !== "string") fail("expects a string or [string, {variables}]");
    text = argument[0];
    const resolved = resolveNode(argument[1], context, path);
    if (resolved === null || typeof resolved !== "object" || Array.isArray(resolved)) fail("the variables must be a map");
    variables = resolved as Record<string, unknown>;
  }
  if (typeof text !== "string") return fail("expects a string or [string, {variables}]");
  // `${!Literal}` stays as the literal text `${Literal}`.
  return text.replace(/\$\{([^}]*)\}/g, (_match, expression: string) => {
    if (expression.startsWith("!")) return `\${${expression.slice(1)}}`;
    const name = expression.trim();
    if (name in variables) return scalarText(variables[name], fail);
    if (name.startsWith("AWS::")) return scalarText(resolveRef(name, context, ""), fail);
    const dot = name.indexOf(".");
    if (dot > 0) return scalarText(resolveGetAtt(name.slice(0, dot), name.slice(dot + 1), context, ""), fail);
    return scalarText(resolveRef(name, context, ""), fail);
  });
}

function resolveRef(name: string, context: ResolutionContext, at: string): unknown {
  switch (name) {
    case "AWS::Region":
      return context.region;
    case "AWS::AccountId":
      return context.accountId;
    case "AWS::StackName":
      return context.stackName;
    case "AWS::StackId":
      return `arn:${context.partition}:cloudformation:${context.region}:${context.accountId}:stack/${context.stackName}/00000000-0000-0000-0000-000000000000`;
    case "AWS::Partition":
      return context.partition;
    case "AWS::URLSuffix":
      return context.urlSuffix;
    case "AWS::NotificationARNs":
      return [];
    case "AWS::NoValue":
      return NO_VALUE;
  }
  const parameter = context.template.Parameters?.[name];
  if (parameter) {
    const value = context.parameters[name];
    if (value === undefined) {
      throw new IntrinsicResolutionError(`Ref ${name}${at}: the parameter has no Default; pass it with --parameter-overrides ${name}=<value>`);
    }
    return parameter.Type === "CommaDelimitedList" || parameter.Type.startsWith("List<") ? value.split(",") : value;
  }
  const target = findResource(name, context);
  if (!target) throw new IntrinsicResolutionError(`Ref ${name}${at}: no parameter, resource or pseudo parameter has that name`);
  return refOf(target, context, at);
}

/** A resource declared in the template, or one SAM generates from a function (its alias, its role). */
type ResolvedResource =
  | { kind: "declared"; logicalId: string; resource: TemplateResource }
  | { kind: "alias"; logicalId: string; functionLogicalId: string; alias: string }
  | { kind: "role"; logicalId: string; functionLogicalId: string }
  | { kind: "implicit-api"; logicalId: string };

function findResource(logicalId: string, context: ResolutionContext): ResolvedResource | undefined {
  const declared = context.template.Resources[logicalId];
  if (declared) return { kind: "declared", logicalId, resource: declared };
  for (const [functionLogicalId, resource] of Object.entries(context.template.Resources)) {
    if (resource.Type !== "AWS::Serverless::Function") continue;
    const alias = resource.Properties?.AutoPublishAlias ?? context.template.Globals?.Function?.AutoPublishAlias;
    if (typeof alias === "string" && logicalId === `${functionLogicalId}Alias${alias}`) {
      return { kind: "alias", logicalId, functionLogicalId, alias };
    }
    if (logicalId === `${functionLogicalId}Role` && resource.Properties?.Role === undefined) {
      return { kind: "role", logicalId, functionLogicalId };
    }
  }
  if (logicalId === "ServerlessRestApi") return { kind: "implicit-api", logicalId };
  return undefined;
}

function refOf(target: ResolvedResource, context: ResolutionContext, at: string): unknown {
  switch (target.kind) {
    case "alias":
      return functionArn(functionNameOf(target.functionLogicalId, context), context, target.alias);
    case "role":
      return `arn:${context.partition}:iam::${context.accountId}:role/${target.logicalId}`;
    case "implicit-api":
      return localApiId(target.logicalId);
    case "declared":
      break;
  }
  const { logicalId, resource } = target;
  switch (resource.Type) {
    case "AWS::DynamoDB::Table":
      return localTableName(logicalId);
    case "AWS::Serverless::Function":
    case "AWS::Lambda::Function":
      return functionNameOf(logicalId, context);
    case "AWS::Serverless::Api":
    case "AWS::ApiGateway::RestApi":
      return localApiId(logicalId);
    case "AWS::IAM::Role":
      return logicalId;
    case "AWS::Logs::LogGroup":
      return logGroupNameOf(logicalId, resource, context);
    case "AWS::IAM::ManagedPolicy":
      return `arn:${context.partition}:iam::${context.accountId}:policy/${logicalId}`;
    // Nothing local stands behind these; their names only fill in stack outputs.
    case "AWS::SNS::Topic":
      return `arn:${context.partition}:sns:${context.region}:${context.accountId}:${logicalId}`;
    case "AWS::CloudWatch::Dashboard":
      return logicalId;
    default:
      throw new IntrinsicResolutionError(`Ref ${logicalId}${at}: resources of type ${resource.Type} have no local value`);
  }
}

function resolveGetAtt(logicalId: string, attribute: string, context: ResolutionContext, at: string): unknown {
  const target = findResource(logicalId, context);
  const fail = (): never => {
    const type = target?.kind === "declared" ? target.resource.Type : target?.kind ?? "missing";
    throw new IntrinsicResolutionError(`Fn::GetAtt ${logicalId}.${attribute}${at}: no local value (resource type: ${type})`);
  };
  if (!target) return fail();
  if (target.kind === "role" && attribute === "Arn") return refOf(target, context, at);
  if (target.kind !== "declared") return fail();
  const type = target.resource.Type;
  if ((type === "AWS::Serverless::Function" || type === "AWS::Lambda::Function") && attribute === "Arn") {
    return functionArn(functionNameOf(logicalId, context), context);
  }
  if (type === "AWS::DynamoDB::Table" && attribute === "Arn") {
    return `arn:${context.partition}:dynamodb:${context.region}:${context.accountId}:table/${localTableName(logicalId)}`;
  }
  if (type === "AWS::Logs::LogGroup" && attribute === "Arn") {
    return `arn:${context.partition}:logs:${context.region}:${context.accountId}:log-group:${logGroupNameOf(logicalId, target.resource, context)}:*`;
  }
  if (type === "AWS::IAM::Role" && attribute === "Arn") {
    return `arn:${context.partition}:iam::${context.accountId}:role/${logicalId}`;
  }
  return fail();
}

function logGroupNameOf(logicalId: string, resource: TemplateResource, context: ResolutionContext): string {
  const name = resource.Properties?.LogGroupName;
  return name === undefined ? logicalId : resolveString(name, context, `${logicalId}.LogGroupName`);
}

/** A function's local name: its `FunctionName` when the template sets one, else its logical id. */
export function functionNameOf(logicalId: string, context: ResolutionContext): string {
  const explicit = context.template.Resources[logicalId]?.Properties?.FunctionName;
  return explicit === undefined ? logicalId : resolveString(explicit, context, `${logicalId}.FunctionName`);
}

export function functionArn(name: string, context: ResolutionContext, qualifier?: string): string {
  const base = `arn:${context.partition}:lambda:${context.region}:${context.accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** Locally an API's id is its logical id in lower case (in AWS it is a random 10-character id). */
export function localApiId(logicalId: string): string {
  return logicalId.toLowerCase();
}
