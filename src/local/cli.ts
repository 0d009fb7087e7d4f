/**
 * `npm run local -- <command>`: the local counterpart of `sam local invoke`,
 * `sam local callback` and `sam local execution`, talking to the local Lambda
 * service through the AWS SDK exactly as it would talk to AWS.
 */
import { dirname, resolve } from "node:path";
import {
  environmentOverridesFile,
  numberValue,
  parameterOverrides,
  parseArgs,
  portValue,
  UsageError,
  type ParsedArgs,
} from "./args";
import { isCallbackAction, runCallbackCommand } from "./cli/callback";
import { isExecutionAction, listExecutions, runExecutionCommand, type OutputFormat } from "./cli/execution";
import { runInvokeCommand } from "./cli/invoke";
import { runMetricsCommand } from "./cli/metrics";
import { processIo, type CliIo } from "./cli/io";
import { describeCallFailure, isConnectionRefused, localLambdaClient } from "./cli/lambda-client";
import { ExecutionNotFoundError, resolveExecutionArn } from "./cli/lookup";
import { functionSpecs } from "./functions";
import { createResolutionContext, IntrinsicResolutionError, ParameterValueError } from "./intrinsics";
import { DEFAULT_PORTS, LOCAL_HOST } from "./local-aws";
import { PortUnavailableError } from "./ports";
import { DEFAULT_DATA_DIR, timeScaleFromEnvironment, type LocalStackOptions } from "./stack";
import { DEFAULT_TEMPLATE_PATH, loadTemplate } from "./template";

if (Number(process.versions.node.split(".")[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const FLAGS = {
  booleans: ["--help"],
  values: [
    "--event",
    "--durable-execution-name",
    "--lambda-port",
    "--dynamodb-port",
    "--result",
    "--error-message",
    "--error-type",
    "--error-data",
    "--format",
    "--env-vars",
    "--time-scale",
    "--template",
    "--data-dir",
  ],
  lists: ["--parameter-overrides"],
  aliases: { "-e": "--event", "-h": "--help", "-t": "--template", "-n": "--env-vars" },
} as const;

export const USAGE = `Usage: npm run local -- <command> [options]

Commands:
  invoke <FunctionLogicalId> [-e <event.json>] [--durable-execution-name <name>]
      Runs the function once. A durable function runs to its end; its result and history are printed.
      Uses the stack of \`npm run dev\` when one listens on the Lambda port, else starts one in memory for the run.
  callback succeed <callbackId> [--result <text>]
  callback fail <callbackId> [--error-message <text>] [--error-type <type>] [--error-data <text>]
  callback heartbeat <callbackId>
      Answers a durable callback (what an approver or another system does).
  execution get <executionArn | orderId>
  execution history <executionArn | orderId>
  execution stop <executionArn | orderId> [--error-message <text>] [--error-type <type>]
  execution list [FunctionName]
      An order id finds the execution named order-<orderId> (or the ARN stored on the order).
  metrics [FunctionName] [--data-dir <path>]
      The business metrics the functions wrote (their EMF lines, kept in <data-dir>/logs/): data points,
      sums, and p50/p90/p99/max of the durations.

Options:
  --lambda-port <port>         the Lambda service (default 3001)
  --dynamodb-port <port>       DynamoDB, to find an order's execution (default 8000)
  --format table|json          output of execution get/history/list (default table)
  --parameter-overrides K=V    template parameters (invoke, when it starts its own stack)
  --env-vars <file.json>       function environment overrides (likewise)
  --time-scale <factor>        durable time scale (likewise; default $DURABLE_EXECUTIONS_TIME_SCALE or 1)
  --template <path>            another SAM template (default template.yaml)
  --data-dir <path>            the stack's data folder, for metrics (default .local/)
`;

interface CliSettings {
  host: string;
  lambdaPort: number;
  dynamodbPort: number;
  templatePath: string;
  format: OutputFormat;
  args: ParsedArgs;
}

function settingsFrom(args: ParsedArgs): CliSettings {
  const format = args.values.get("--format") ?? "table";
  if (format !== "table" && format !== "json") throw new UsageError(`--format must be table or json, got "${format}"`);
  return {
    host: LOCAL_HOST,
    lambdaPort: portValue(args, "--lambda-port") ?? DEFAULT_PORTS.lambda,
    dynamodbPort: portValue(args, "--dynamodb-port") ?? DEFAULT_PORTS.dynamodb,
    templatePath: resolve(args.values.get("--template") ?? DEFAULT_TEMPLATE_PATH),
    format,
    args,
  };
}

function stackOptionsFrom(settings: CliSettings): LocalStackOptions {
  const { args } = settings;
  const timeScale = numberValue(args, "--time-scale", (value) => value >= 0, "a number >= 0") ?? timeScaleFromEnvironment();
  const overrides = parameterOverrides(args.lists.get("--parameter-overrides"));
  const environmentOverrides = environmentOverridesFile(args.values.get("--env-vars"));
  return {
    templatePath: settings.templatePath,
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(overrides ? { parameterOverrides: overrides } : {}),
    ...(environmentOverrides ? { environmentOverrides } : {}),
  };
}

/** The template's durable functions and the Orders table, for finding an execution by order id. */
function lookupTargets(settings: CliSettings): { durableFunctions: string[]; ordersTable?: string } {
  const template = loadTemplate(settings.templatePath);
  const functions = functionSpecs(createResolutionContext(template), dirname(settings.templatePath));
  return {
    durableFunctions: functions.filter((spec) => spec.durable).map((spec) => spec.name),
    ...(template.Resources.OrdersTable ? { ordersTable: "OrdersTable" } : {}),
  };
}

function requirePositional(args: ParsedArgs, index: number, what: string): string {
  const value = args.positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  return value;
}

export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const args = parseArgs(argv, FLAGS);
  const [command, action] = args.positionals;
  if (args.booleans.has("--help") || command === undefined || command === "help") {
    io.out(USAGE);
    return command === undefined && !args.booleans.has("--help") ? 1 : 0;
  }
  const settings = settingsFrom(args);
  const endpoint = `http://${settings.host}:${settings.lambdaPort}`;

  switch (command) {
    case "invoke":
      return runInvokeCommand({
        functionId: requirePositional(args, 1, "the function's logical id (e.g. OrderWorkflowFunction)"),
        ...(args.values.has("--event") ? { eventPath: args.values.get("--event") } : {}),
        ...(args.values.has("--durable-execution-name") ? { executionName: args.values.get("--durable-execution-name") } : {}),
        host: settings.host,
        lambdaPort: settings.lambdaPort,
        stackOptions: stackOptionsFrom(settings),
        io,
      });
    case "callback": {
      if (!isCallbackAction(action)) throw new UsageError("callback needs succeed, fail or heartbeat");
      const client = localLambdaClient(endpoint);
      try {
        return await runCallbackCommand(
          {
            action,
            callbackId: requirePositional(args, 2, "the callback id"),
            ...(args.values.has("--result") ? { result: args.values.get("--result") } : {}),
            ...(args.values.has("--error-message") ? { errorMessage: args.values.get("--error-message") } : {}),
            ...(args.values.has("--error-type") ? { errorType: args.values.get("--error-type") } : {}),
            ...(args.values.has("--error-data") ? { errorData: args.values.get("--error-data") } : {}),
          },
          client,
          io,
        );
      } finally {
        client.destroy();
      }
    }
    case "execution": {
      if (!isExecutionAction(action)) throw new UsageError("execution needs get, history, stop or list");
      const client = localLambdaClient(endpoint);
      try {
        const targets = lookupTargets(settings);
        if (action === "list") {
          const names = args.positionals[2] ? [args.positionals[2]] : targets.durableFunctions;
          return await listExecutions(client, names, io, settings.format);
        }
        const executionArn = await resolveExecutionArn(requirePositional(args, 2, "an execution ARN or an order id"), {
          client,
          durableFunctions: targets.durableFunctions,
          dynamodbEndpoint: `http://${settings.host}:${settings.dynamodbPort}`,
          ...(targets.ordersTable ? { ordersTable: targets.ordersTable } : {}),
        });
        return await runExecutionCommand(action, executionArn, {
          client,
          io,
          format: settings.format,
          ...(args.values.has("--error-message") ? { errorMessage: args.values.get("--error-message") } : {}),
          ...(args.values.has("--error-type") ? { errorType: args.values.get("--error-type") } : {}),
        });
      } finally {
        client.destroy();
      }
    }
    case "metrics":
      return runMetricsCommand(resolve(args.values.get("--data-dir") ?? DEFAULT_DATA_DIR), io, action);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/** Errors that are the user's to fix, or the service's answer: one line, no stack trace. */
export function explainCliError(error: unknown, endpoint: string): string | undefined {
  if (error instanceof UsageError) return `${error.message}\n\n${USAGE}`;
  if (error instanceof ExecutionNotFoundError || error instanceof PortUnavailableError || error instanceof ParameterValueError || error instanceof IntrinsicResolutionError) {
    return error.message;
  }
  if ((error && typeof error === "object" && "$metadata" in error) || isConnectionRefused(error)) return describeCallFailure(error, endpoint);
  return undefined;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  runCli(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      let endpoint = `http://${LOCAL_HOST}:${DEFAULT_PORTS.lambda}`;
      try {
        endpoint = `http://${LOCAL_HOST}:${portValue(parseArgs(argv, FLAGS), "--lambda-port") ?? DEFAULT_PORTS.lambda}`;
      } catch {
        // the usage error itself is reported below
      }
      const message = explainCliError(error, endpoint);
      process.stderr.write(`npm run local: ${message ?? (error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
      process.exit(1);
    },
  );
}
