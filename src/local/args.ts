/**
 * Command-line flags for `npm run dev` and `npm run local`, spelled as SAM CLI
 * spells them (`--parameter-overrides Key=Value Key2=Value2`, `--env-vars file.json`).
 */
import { readFileSync } from "node:fs";
import type { EnvironmentOverrides } from "./function-environment";

/** A command line that cannot be understood; the message says what to fix. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface FlagSpec {
  /** Flags that take no value. */
  booleans?: readonly string[];
  /** Flags that take one value. */
  values?: readonly string[];
  /** Flags that take every following word up to the next flag. */
  lists?: readonly string[];
  /** Short aliases, e.g. { "-e": "--event" }. */
  aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  positionals: string[];
  booleans: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: FlagSpec): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], booleans: new Set(), values: new Map(), lists: new Map() };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === "--") {
      parsed.positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!word.startsWith("-") || /^-\d/.test(word)) {
      parsed.positionals.push(word);
      continue;
    }
    const [rawFlag, inline] = word.includes("=") && word.startsWith("--") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
    const flag = spec.aliases?.[rawFlag] ?? rawFlag;
    if (spec.booleans?.includes(flag)) {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      parsed.booleans.add(flag);
    } else if (spec.values?.includes(flag)) {
      const value = inline ?? argv[++index];
      if (value === undefined || (inline === undefined && value.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      parsed.values.set(flag, value);
    } else if (spec.lists?.includes(flag)) {
      const items = parsed.lists.get(flag) ?? [];
      if (inline !== undefined) items.push(inline);
      while (index + 1 < argv.length && !argv[index + 1]!.startsWith("--")) items.push(argv[++index]!);
      if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
      parsed.lists.set(flag, items);
    } else {
      throw new UsageError(`unknown option ${rawFlag}`);
    }
  }
  return parsed;
}

/** A port flag: an integer 0..65535, 0 meaning "any free port". */
export function portValue(args: ParsedArgs, flag: string): number | undefined {
  const raw = args.values.get(flag);
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`${flag} must be a port number 0-65535 (0 picks a free port), got "${raw}"`);
  return port;
}

export function numberValue(args: ParsedArgs, flag: string, check: (value: number) => boolean, expectation: string): number | undefined {
  const raw = args.values.get(flag);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${expectation}, got "${raw}"`);
  return value;
}

/**
 * `Key=Value` words, and SAM's long form `ParameterKey=Key,ParameterValue=Value`.
 * A value may contain `=`; only the first one splits.
 */
export function parameterOverrides(words: readonly string[] | undefined): Record<string, string> | undefined {
  if (!words) return undefined;
  const overrides: Record<string, string> = {};
  for (const word of words) {
    const longForm = /^ParameterKey=([^,]+),ParameterValue=(.*)$/.exec(word);
    if (longForm) {
      overrides[longForm[1]!] = longForm[2]!;
      continue;
    }
    const equals = word.indexOf("=");
    if (equals <= 0) throw new UsageError(`--parameter-overrides expects Key=Value, got "${word}"`);
    overrides[word.slice(0, equals)] = word.slice(equals + 1);
  }
  return overrides;
}

/** Reads a SAM `--env-vars` JSON file: { "Parameters": {...}, "<FunctionLogicalId>": {...} }. */
export function environmentOverridesFile(path: string | undefined): EnvironmentOverrides | undefined {
  if (path === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new UsageError(`--env-vars ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const valid =
    parsed !== null &&
    typeof parsed === "object" &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every(
      (scope) => scope !== null && typeof scope === "object" && !Array.isArray(scope) && Object.values(scope).every((value) => ["string", "number", "boolean"].includes(typeof value)),
    );
  if (!valid) throw new UsageError(`--env-vars ${path}: expected {"Parameters": {"NAME": "value"}, "<FunctionLogicalId>": {"NAME": "value"}}`);
  const overrides: EnvironmentOverrides = {};
  for (const [scope, variables] of Object.entries(parsed as Record<string, Record<string, unknown>>)) {
    overrides[scope] = Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, String(value)]));
  }
  return overrides;
}
