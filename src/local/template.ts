/**
 * Reads template.yaml, the one description of the app's resources, so that the
 * local stack and the tests build exactly what SAM deploys.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse, type CollectionTag, type ScalarTag, type Tags, YAMLMap, YAMLSeq } from "yaml";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");
export const DEFAULT_TEMPLATE_PATH = resolve(PROJECT_ROOT, "template.yaml");

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: unknown; [key: string]: unknown }>;
  Globals?: { Function?: Record<string, unknown>; [key: string]: unknown };
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The short-form intrinsic functions, each read as its long form (`!Ref X` becomes `{ Ref: "X" }`). */
const INTRINSICS = [
  "Ref", "Condition", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAZs", "Fn::ImportValue", "Fn::Join",
  "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform", "Fn::And", "Fn::Equals", "Fn::If", "Fn::Not", "Fn::Or",
  "Fn::GetAtt",
] as const;

function intrinsicTags(): Tags {
  const tags: Tags = [];
  for (const name of INTRINSICS) {
    const tag = `!${name.replace(/^Fn::/, "")}`;
    // `!GetAtt A.B` is shorthand for `["A", "B"]`, split on the first dot.
    const fromScalar = (value: string): unknown =>
      name === "Fn::GetAtt" ? [value.slice(0, value.indexOf(".")), value.slice(value.indexOf(".") + 1)] : value;
    const scalar: ScalarTag = { tag, resolve: (value: string) => ({ [name]: fromScalar(value) }) };
    const seq: CollectionTag = { tag, collection: "seq", resolve: (node) => ({ [name]: (node as YAMLSeq).toJSON() }) };
    const map: CollectionTag = { tag, collection: "map", resolve: (node) => ({ [name]: (node as YAMLMap).toJSON() }) };
    tags.push(scalar, seq, map);
  }
  return tags;
}

/** Parses CloudFormation YAML, short-form intrinsics included. */
export function parseTemplate(text: string): Template {
  const parsed = parse(text, { customTags: intrinsicTags() }) as Template;
  if (!parsed || typeof parsed !== "object" || !parsed.Resources) {
    throw new Error("template has no Resources section");
  }
  return parsed;
}

export function loadTemplate(path: string = DEFAULT_TEMPLATE_PATH): Template {
  return parseTemplate(readFileSync(path, "utf8"));
}

/** Resources of one type, as [logicalId, resource] pairs in template order. */
export function resourcesOfType(template: Template, type: string): Array<[string, TemplateResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export interface TableDefinition {
  logicalId: string;
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: string }>;
  KeySchema: Array<{ AttributeName: string; KeyType: string }>;
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
  TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
}

/** The DynamoDB tables declared in the template, with the keys CreateTable needs. */
export function tableDefinitions(template: Template): TableDefinition[] {
  return resourcesOfType(template, "AWS::DynamoDB::Table").map(([logicalId, resource]) => {
    const props = (resource.Properties ?? {}) as Omit<TableDefinition, "logicalId">;
    return {
      logicalId,
      AttributeDefinitions: props.AttributeDefinitions,
      KeySchema: props.KeySchema,
      ...(props.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
      ...(props.LocalSecondaryIndexes ? { LocalSecondaryIndexes: props.LocalSecondaryIndexes } : {}),
      ...(props.TimeToLiveSpecification ? { TimeToLiveSpecification: props.TimeToLiveSpecification } : {}),
    };
  });
}
