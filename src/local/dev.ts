/**
 * `npm run dev`: the whole app on this machine — DynamoDB, the Lambda service with
 * durable executions, and the API — in one process, until Ctrl+C.
 */
import { join, relative } from "node:path";
import { parseArgs, portValue, numberValue, parameterOverrides, environmentOverridesFile, UsageError, type ParsedArgs } from "./args";
import { FUNCTION_LOGS_DIR } from "./function-logs";
import { IntrinsicResolutionError, ParameterValueError } from "./intrinsics";
import { PortUnavailableError } from "./ports";
import { DEFAULT_CONSOLE_PORT } from "../console/server";
import { startLocalStack, timeScaleFromEnvironment, type LocalStack, type LocalStackOptions } from "./stack";
import { PROJECT_ROOT } from "./template";

if (Number(process.versions.node.split(".")[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export { startLocalStack, DEFAULT_DATA_DIR, type LocalStack, type LocalStackOptions } from "./stack";

const FLAGS = {
  booleans: ["--in-memory", "--help", "--quiet", "--run-source"],
  values: ["--api-port", "--lambda-port", "--dynamodb-port", "--console-port", "--data-dir", "--time-scale", "--env-vars", "--template"],
  lists: ["--parameter-overrides"],
  aliases: { "-h": "--help", "-t": "--template", "-n": "--env-vars" },
} as const;

const USAGE = `Usage: npm run dev -- [options]

Starts DynamoDB, the Lambda service and the API Gateway of template.yaml on this machine.

Options:
  --api-port <port>          API Gateway port (default 3000; 0 picks a free port)
  --lambda-port <port>       Lambda service port (default 3001)
  --dynamodb-port <port>     DynamoDB port (default 8000)
  --console-port <port>      order console port (default 3002)
  --data-dir <path>          where tables and executions are kept (default .local/)
  --in-memory                keep nothing on disk (a throwaway run)
  --parameter-overrides K=V  template parameters, e.g. ApprovalThresholdUsd=100 WarehouseWaitSeconds=10
  --env-vars <file.json>     function environment overrides, SAM CLI's format
  --time-scale <factor>      scales durable waits, retries and timeouts (default: $DURABLE_EXECUTIONS_TIME_SCALE or 1)
  --template <path>          another SAM template (default template.yaml)
  --run-source               run the functions' TypeScript through tsx instead of their esbuild bundles
                             (the default: built from the template's Metadata as \`sam build\` does, cached)
  --quiet                    no per-request log lines
  -h, --help                 this help
`;

/** The stack options a `npm run dev` command line asks for. */
export function devOptionsFromArgs(args: ParsedArgs): LocalStackOptions {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  if (args.booleans.has("--in-memory") && args.values.has("--data-dir")) throw new UsageError("--in-memory and --data-dir exclude each other");
  const timeScale = numberValue(args, "--time-scale", (value) => value >= 0, "a number >= 0") ?? timeScaleFromEnvironment();
  const overrides = parameterOverrides(args.lists.get("--parameter-overrides"));
  const environmentOverrides = environmentOverridesFile(args.values.get("--env-vars"));
  const options: LocalStackOptions = {
    apiPort: portValue(args, "--api-port"),
    lambdaPort: portValue(args, "--lambda-port"),
    dynamodbPort: portValue(args, "--dynamodb-port"),
    consolePort: portValue(args, "--console-port") ?? DEFAULT_CONSOLE_PORT,
    inMemory: args.booleans.has("--in-memory"),
    ...(args.booleans.has("--run-source") ? { runSource: true } : {}),
    ...(args.values.has("--data-dir") ? { dataDir: args.values.get("--data-dir") } : {}),
    ...(args.values.has("--template") ? { templatePath: args.values.get("--template") } : {}),
    ...(timeScale !== undefined ? { timeScale } : {}),
    ...(overrides ? { parameterOverrides: overrides } : {}),
    ...(environmentOverrides ? { environmentOverrides } : {}),
  };
  return options;
}

/** The start-up text: where everything is and how to try it. */
export function startupBanner(stack: LocalStack): string {
  const api = stack.apiUrl;
  const lines: string[] = [];
  const pad = (text: string, width: number) => text.padEnd(width);
  lines.push("", "Local stack is up (template.yaml; no AWS account, no Docker).", "");
  lines.push(`  API Gateway  ${api}`);
  if (stack.consoleUrl) lines.push(`  Console      ${stack.consoleUrl}   (orders, executions, approvals in the browser)`);
  lines.push(`  Lambda       ${stack.lambdaEndpoint}   (Invoke and the durable execution APIs)`);
  lines.push(`  DynamoDB     ${stack.dynamodbEndpoint}`);
  lines.push(
    `  Data         ${stack.dataDir ? `${displayPath(stack.dataDir)}  (kept across restarts; delete the folder to reset, or use --in-memory)` : "in memory (gone when this process stops)"}`,
  );
  lines.push(`  Time scale   ${stack.timeScale}${stack.timeScale === 1 ? "  (real time; DURABLE_EXECUTIONS_TIME_SCALE=0.01 makes a 5-minute wait 3 s)" : ""}`);
  lines.push(
    `  Metrics      ${stack.dataDir ? `EMF lines in each function's log, ${displayPath(join(stack.dataDir, FUNCTION_LOGS_DIR))}/<FunctionName>.log; \`npm run local -- metrics\` sums them` : "EMF lines in the function output below (with --in-memory nothing keeps them for `npm run local -- metrics`)"}`,
    "  Tracing      off: no X-Ray daemon locally, so Powertools Tracer does nothing (Tracing: Active applies in AWS)",
  );
  lines.push("", "  Routes");
  const routeWidth = Math.max(...stack.routes.map((route) => `${route.method} ${route.resourcePath}`.length), 10) + 2;
  for (const route of stack.routes) {
    const auth = route.authorizer ? `  (${route.authorizer} auth in AWS; NOT enforced locally)` : "";
    lines.push(`    ${pad(`${route.method} ${route.resourcePath}`, routeWidth)}-> ${route.functionName}${auth}`);
  }
  lines.push("", "  Functions");
  const nameWidth = Math.max(...stack.functions.map((fn) => fn.name.length)) + 2;
  for (const fn of stack.functions) {
    const traits = [fn.durable ? "durable" : undefined, fn.alias ? `alias ${fn.alias}` : undefined, `timeout ${fn.timeoutSeconds} s`, `${fn.memorySizeMb} MB`];
    lines.push(`    ${pad(fn.name, nameWidth)}${traits.filter(Boolean).join(", ")}`);
  }
  if (stack.schedules.length > 0) {
    lines.push("", "  Schedules");
    for (const { schedule, localPeriodMs } of stack.schedules) {
      const scaled = stack.timeScale === 1 ? "" : `  (at most every ${localPeriodMs >= 1000 ? `${(localPeriodMs / 1000).toFixed(1)} s` : `${localPeriodMs} ms`} at time scale ${stack.timeScale})`;
      lines.push(`    ${pad(schedule.functionName, nameWidth)}${schedule.expression}${scaled}`);
    }
  }
  const tables = Object.values(stack.tableNames);
  lines.push("", `  Tables       ${tables.join(", ")}${stack.tableNames.InventoryTable ? `  (inventory seeded: ${stack.seededProducts} products added)` : ""}`);
  const overridden = Object.entries(stack.parameters).map(([key, value]) => `${key}=${value}`);
  if (overridden.length > 0) lines.push(`  Parameters   ${overridden.join(" ")}`);

  if (stack.routes.some((route) => route.resourcePath === "/orders")) {
    const lambdaPort = stack.ports.lambda;
    const portFlag = lambdaPort === 3001 ? "" : ` --lambda-port ${lambdaPort}`;
    lines.push(
      "",
      "Try it:",
      "  # create an order (over the approval threshold? use SERVER-001, 7499.00)",
      `  curl -s -X POST ${api}/orders -H 'content-type: application/json' -d '${SAMPLE_ORDER}'`,
      "  # watch it",
      `  curl -s ${api}/orders/<orderId>`,
      "  # approve one that waits for approval: through the API, or with the callback id from GET",
      `  curl -s -X POST ${api}/orders/<orderId>/approval -H 'content-type: application/json' -d '{"approved":true}'`,
      `  aws lambda send-durable-execution-callback-success --endpoint-url ${stack.lambdaEndpoint} --callback-id <callbackId> --result '{"approved":true}'`,
      "    (AWS CLI v2 also needs --cli-binary-format raw-in-base64-out)",
      "  # its durable execution, step by step",
      `  npm run local -- execution history <orderId>${portFlag}`,
      `  aws dynamodb scan --endpoint-url ${stack.dynamodbEndpoint} --table-name ${stack.tableNames.OrdersTable ?? "OrdersTable"}`,
    );
  }
  lines.push("", "Function output follows, prefixed with [FunctionName]. Press Ctrl+C to stop.", "");
  return lines.join("\n");
}

const SAMPLE_ORDER = JSON.stringify({
  customerId: "cust-1001",
  customerEmail: "ana@example.com",
  shippingAddress: { line1: "100 Market St", city: "San Francisco", state: "CA", zip: "94105", country: "US" },
  items: [{ productId: "BOOK-001", name: "Serverless Patterns (paperback)", quantity: 2, price: 39.99 }],
});

function displayPath(path: string): string {
  const fromProject = relative(PROJECT_ROOT, path);
  return fromProject && !fromProject.startsWith("..") ? `${fromProject}/` : path;
}

/** Loads every handler in the background, so the first order does not pay one cold start per function. */
async function warmUp(stack: LocalStack): Promise<void> {
  const started = Date.now();
  const results = await stack.runtime.warm();
  const failed = results.filter((result) => result.error);
  for (const { name, error } of failed) process.stdout.write(`[${name}] cannot load its handler: ${error!.errorType}: ${error!.errorMessage}\n`);
  process.stdout.write(`Functions loaded: ${results.length - failed.length} of ${results.length} (${((Date.now() - started) / 1000).toFixed(1)} s).\n`);
}

/** Errors that are the user's to fix: one line, no stack trace. */
function isExpectedFailure(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof PortUnavailableError || error instanceof ParameterValueError || error instanceof IntrinsicResolutionError;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ParsedArgs;
  let options: LocalStackOptions;
  try {
    args = parseArgs(argv, FLAGS);
    if (args.booleans.has("--help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = devOptionsFromArgs(args);
  } catch (error) {
    if (!isExpectedFailure(error)) throw error;
    process.stderr.write(`npm run dev: ${error.message}\n\n${USAGE}`);
    return 1;
  }

  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      ...options,
      ...(args.booleans.has("--quiet") ? {} : { requestLog: (line: string) => process.stdout.write(`[api] ${line}\n`) }),
    });
  } catch (error) {
    if (!isExpectedFailure(error)) throw error;
    process.stderr.write(`npm run dev: ${error.message}\n`);
    return 1;
  }
  process.stdout.write(`${startupBanner(stack)}\n`);
  void warmUp(stack);

  await new Promise<void>((resolveStopped) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stdout.write(`\n${signal} again: exiting now.\n`);
        process.exit(130);
      }
      stopping = true;
      const note = stack.dataDir ? " (running executions stay in the data folder and resume at the next start)" : "";
      process.stdout.write(`\n${signal}: stopping${note}...\n`);
      void stack.close().then(resolveStopped, resolveStopped);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  process.stdout.write("Stopped.\n");
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`npm run dev: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
