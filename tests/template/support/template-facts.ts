/**
 * Facts the template tests read from template.yaml (through src/local/template.ts, the
 * project's one template parser) and from the source code, kept here so each test
 * file states only what it checks.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { loadTemplate, PROJECT_ROOT, resourcesOfType, type Template, type TemplateResource } from "../../../src/local/template";

export { PROJECT_ROOT };

export const TEMPLATE = loadTemplate();

export interface FunctionFacts {
  logicalId: string;
  handler: string;
  /** Project-relative entry point from Metadata.BuildProperties.EntryPoints. */
  entry: string;
  /** Variables set on the function itself. */
  ownEnv: Record<string, unknown>;
  /** Globals plus the function's own variables: what the function sees. */
  env: Record<string, unknown>;
  properties: Record<string, unknown>;
  resource: TemplateResource;
}

export function functionFacts(template: Template = TEMPLATE): FunctionFacts[] {
  const globals = template.Globals?.Function ?? {};
  const globalEnv = variablesOf(globals.Environment);
  return resourcesOfType(template, "AWS::Serverless::Function").map(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const build = (resource.Metadata?.BuildProperties ?? {}) as { EntryPoints?: string[] };
    const ownEnv = variablesOf(properties.Environment);
    return {
      logicalId,
      handler: String(properties.Handler),
      entry: build.EntryPoints?.[0] ?? "",
      ownEnv,
      env: { ...globalEnv, ...ownEnv },
      properties,
      resource,
    };
  });
}

function variablesOf(environment: unknown): Record<string, unknown> {
  const variables = (environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  return variables ?? {};
}

// ------------------------------------------------------------------ source code

/** Every .ts file under `dir`, project-relative with forward slashes. */
export function sourceFiles(dir: string): string[] {
  const root = resolve(PROJECT_ROOT, dir);
  if (!existsSync(root)) return [];
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current)) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) files.push(relative(PROJECT_ROOT, path).split("\\").join("/"));
    }
  };
  walk(root);
  return files.sort();
}

export function readSource(projectRelative: string): string {
  return readFileSync(resolve(PROJECT_ROOT, projectRelative), "utf8");
}

/** The code without its comments, so that documentation never counts as a use; lines keep their numbers. */
export function stripComments(code: string): string {
  let out = "";
  let i = 0;
  while (i < code.length) {
    const char = code[i]!;
    const next = code[i + 1];
    if (char === "/" && next === "/") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (char === "/" && next === "*") {
      const end = code.indexOf("*/", i + 2);
      const stop = end === -1 ? code.length : end + 2;
      // Newlines stay, so line numbers still match the file (the source-map checks rely on it).
      out += code.slice(i, stop).replace(/[^\n]/g, "");
      i = stop;
    } else if (char === '"' || char === "'" || char === "`") {
      const start = i++;
      while (i < code.length && code[i] !== char) i += code[i] === "\\" ? 2 : 1;
      out += code.slice(start, ++i);
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

const ENV_NAME = "[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+";

/**
 * The environment variables a file reads: `process.env.X`, `env.X`, `env["X"]`, and calls
 * that name one as a string, either through a helper whose name mentions env
 * (`requiredEnv("X")`, `numberEnv("X", 1)`) or with an env object first (`required(env, "X")`).
 */
export function environmentReads(code: string): Set<string> {
  const text = stripComments(code);
  const names = new Set<string>();
  const patterns = [
    new RegExp(`\\benv\\??\\.(${ENV_NAME})\\b`, "g"),
    new RegExp(`\\benv\\??\\.?\\[\\s*["'\`](${ENV_NAME})["'\`]\\s*\\]`, "g"),
    new RegExp(`\\b\\w*[Ee]nv\\w*\\(\\s*["'\`](${ENV_NAME})["'\`]`, "g"),
    new RegExp(`\\b\\w+\\(\\s*\\w*[Ee]nv\\w*\\s*,\\s*["'\`](${ENV_NAME})["'\`]`, "g"),
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) names.add(match[1]!);
  }
  return names;
}

/** Variables the platform or the runtime sets: the template does not need to. */
export function isPlatformVariable(name: string): boolean {
  // DURABLE_EXECUTIONS_TIME_SCALE is set only by the local stack (src/local/function-environment.ts); in AWS it is absent.
  return name.startsWith("AWS_") || name.startsWith("NODE_") || name === "LAMBDA_TASK_ROOT" || name === "TZ" || name === "DURABLE_EXECUTIONS_TIME_SCALE";
}

// -------------------------------------------------------------- AWS SDK commands

/** IAM action of each AWS SDK command class the code may send (document client and low-level names). */
const TRANSACTION_COMMANDS: ReadonlySet<string> = new Set(["TransactWriteCommand", "TransactWriteItemsCommand"]);
const TRANSACTION_ACTIONS: Readonly<Record<string, string>> = {
  Put: "dynamodb:PutItem",
  Update: "dynamodb:UpdateItem",
  Delete: "dynamodb:DeleteItem",
  ConditionCheck: "dynamodb:ConditionCheckItem",
};

const COMMAND_ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "@aws-sdk/lib-dynamodb": {
    GetCommand: "dynamodb:GetItem",
    PutCommand: "dynamodb:PutItem",
    UpdateCommand: "dynamodb:UpdateItem",
    DeleteCommand: "dynamodb:DeleteItem",
    QueryCommand: "dynamodb:Query",
    ScanCommand: "dynamodb:Scan",
    BatchGetCommand: "dynamodb:BatchGetItem",
    BatchWriteCommand: "dynamodb:BatchWriteItem",
  },
  "@aws-sdk/client-dynamodb": {
    GetItemCommand: "dynamodb:GetItem",
    PutItemCommand: "dynamodb:PutItem",
    UpdateItemCommand: "dynamodb:UpdateItem",
    DeleteItemCommand: "dynamodb:DeleteItem",
    QueryCommand: "dynamodb:Query",
    ScanCommand: "dynamodb:Scan",
    BatchGetItemCommand: "dynamodb:BatchGetItem",
    BatchWriteItemCommand: "dynamodb:BatchWriteItem",
    DescribeTableCommand: "dynamodb:DescribeTable",
    CreateTableCommand: "dynamodb:CreateTable",
  },
  "@aws-sdk/client-lambda": {
    InvokeCommand: "lambda:InvokeFunction",
    SendDurableExecutionCallbackSuccessCommand: "lambda:SendDurableExecutionCallbackSuccess",
    SendDurableExecutionCallbackFailureCommand: "lambda:SendDurableExecutionCallbackFailure",
    SendDurableExecutionCallbackHeartbeatCommand: "lambda:SendDurableExecutionCallbackHeartbeat",
    GetDurableExecutionCommand: "lambda:GetDurableExecution",
    GetDurableExecutionHistoryCommand: "lambda:GetDurableExecutionHistory",
    ListDurableExecutionsByFunctionCommand: "lambda:ListDurableExecutionsByFunction",
    StopDurableExecutionCommand: "lambda:StopDurableExecution",
  },
};

/**
 * IAM actions of the AWS SDK commands a file constructs (`new XCommand(`), looked up by
 * the package it imports them from. `live` is the part of the file that is actually
 * bundled (see liveSource); the imports are read from the whole file. An unknown command fails loudly, so a new call
 * cannot slip past the least-privilege check.
 */
export function sdkActions(code: string, live: string = code): Set<string> {
  const text = stripComments(code);
  const liveText = stripComments(live);
  const actions = new Set<string>();
  for (const match of text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+["'](@aws-sdk\/[\w-]+)["']/g)) {
    const packageName = match[2]!;
    for (const imported of match[1]!.split(",")) {
      const [name = "", alias] = imported.trim().replace(/^type\s+/, "").split(/\s+as\s+/).map((part) => part.trim());
      const local = alias ?? name;
      if (!name.endsWith("Command") || !new RegExp(`new\\s+${local}\\s*\\(`).test(liveText)) continue;
      if (TRANSACTION_COMMANDS.has(name)) {
        // IAM authorises a transaction as the item actions inside it.
        for (const [, kind] of liveText.matchAll(/\b(Put|Update|Delete|ConditionCheck)\s*:\s*\{/g)) actions.add(TRANSACTION_ACTIONS[kind!]!);
        continue;
      }
      const action = COMMAND_ACTIONS[packageName]?.[name];
      if (!action) throw new Error(`unrecognised AWS SDK command ${name} from ${packageName}: add its IAM action to COMMAND_ACTIONS`);
      actions.add(action);
    }
  }
  return actions;
}

// ------------------------------------------------------- what a bundle really holds

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * The source lines (1-based) each file contributes to a bundle, read from the bundle's
 * source map: code that tree shaking dropped has no mapping. A file the bundle only
 * partly uses (one function of a module) then counts only for what it really runs.
 */
export function liveSourceLines(mapFile: string, projectRoot: string): Map<string, Set<number>> {
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; mappings: string; sourceRoot?: string };
  const files = map.sources.map((source) => relative(projectRoot, resolve(dirname(mapFile), map.sourceRoot ?? "", source)).split("\\").join("/"));
  const live = new Map<string, Set<number>>();
  let sourceIndex = 0;
  let originalLine = 0;
  for (const line of map.mappings.split(";")) {
    for (const segment of line.split(",")) {
      if (segment === "") continue;
      const fields = decodeVlq(segment);
      if (fields.length < 4) continue;
      sourceIndex += fields[1]!;
      originalLine += fields[2]!;
      const file = files[sourceIndex]!;
      (live.get(file) ?? live.set(file, new Set()).get(file)!).add(originalLine + 1);
    }
  }
  return live;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The file's text with every line the bundle does not contain blanked out (line numbers kept). */
export function liveSource(code: string, lines: ReadonlySet<number> | undefined): string {
  if (!lines) return "";
  return code
    .split("\n")
    .map((text, index) => (lines.has(index + 1) ? text : ""))
    .join("\n");
}

// ----------------------------------------------------------------- IAM statements

export interface PolicyStatement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: unknown;
  NotAction?: unknown;
  NotResource?: unknown;
}

export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Inline statements of a function's Policies (SAM policy templates and managed policy names are reported separately). */
export function functionPolicies(fn: FunctionFacts): { statements: PolicyStatement[]; other: unknown[] } {
  const statements: PolicyStatement[] = [];
  const other: unknown[] = [];
  for (const policy of asList(fn.properties.Policies as unknown)) {
    if (policy && typeof policy === "object" && "Statement" in policy) {
      statements.push(...asList((policy as { Statement: PolicyStatement | PolicyStatement[] }).Statement));
    } else {
      other.push(policy);
    }
  }
  return { statements, other };
}

/** The logical ids a Resource entry points at (`!GetAtt X.Arn`, `!Ref X`, `${X.Arn}` in a Sub). */
export function referencedLogicalIds(resource: unknown): string[] {
  if (typeof resource === "string") return [];
  if (Array.isArray(resource)) return resource.flatMap(referencedLogicalIds);
  if (!resource || typeof resource !== "object") return [];
  const intrinsic = resource as Record<string, unknown>;
  if (Array.isArray(intrinsic["Fn::GetAtt"])) return [String(intrinsic["Fn::GetAtt"][0])];
  if (typeof intrinsic.Ref === "string") return [intrinsic.Ref];
  const sub = intrinsic["Fn::Sub"];
  const text = typeof sub === "string" ? sub : Array.isArray(sub) && typeof sub[0] === "string" ? sub[0] : "";
  return [...text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)].map((m) => m[1]!).filter((id) => !id.startsWith("AWS"));
}

// -------------------------------------------------------- SAM translation (offline)

export interface TranslatedTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

/**
 * The Python that has cfn-lint (and so the SAM translator): the interpreter named in
 * cfn-lint's own script when it is a plain Python script (pip, pipx), else python3 or
 * python on PATH (a pyenv shim resolves to the right one).
 */
function pythonWithCfnLint(): string {
  const candidates: string[] = [];
  const which = spawnSync("sh", ["-c", "command -v cfn-lint"], { encoding: "utf8" });
  const script = which.status === 0 ? which.stdout.trim() : "";
  if (script && existsSync(script)) {
    const shebang = /^#!\s*(\S*python[\d.]*)\s*$/m.exec(readFileSync(script, "utf8").split("\n", 1)[0] ?? "");
    if (shebang?.[1]) candidates.push(shebang[1]);
  }
  candidates.push("python3", "python");
  for (const candidate of candidates) {
    if (spawnSync(candidate, ["-c", "import cfnlint, samtranslator"], { encoding: "utf8" }).status === 0) return candidate;
  }
  throw new Error(`No Python with cfn-lint and the SAM translator found (tried ${candidates.join(", ")}). Install cfn-lint; CI needs it.`);
}

/**
 * template.yaml as CloudFormation, translated by the SAM translator installed with
 * cfn-lint (tests/template/sam-translate.py), so the tests see the roles and the API
 * definition SAM generates and not only what the template spells out.
 */
export function translateTemplate(): TranslatedTemplate {
  const script = resolve(__dirname, "..", "sam-translate.py");
  const result = spawnSync(pythonWithCfnLint(), [script, resolve(PROJECT_ROOT, "template.yaml")], { encoding: "utf8", maxBuffer: 32 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`The SAM translator failed on template.yaml.\n${result.error?.message ?? ""}${result.stderr ?? ""}`);
  }
  return JSON.parse(result.stdout) as TranslatedTemplate;
}
