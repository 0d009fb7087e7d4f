/**
 * `npm run console`: the order console for a deployed stack (its outputs name the
 * table and the orchestrator; the caller's AWS credentials reach them), or for a local
 * stack that `npm run dev` is running.
 */
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { parseArgs, portValue, UsageError, type ParsedArgs } from "../local/args";
import { DEFAULT_PORTS, LOCAL_HOST } from "../local/local-aws";
import { explainListenError, PortUnavailableError } from "../local/ports";
import { DEFAULT_CONSOLE_PORT, startConsole } from "./server";
import { consoleTargetForStack, CONSOLE_OUTPUTS, StackOutputsError } from "./stack-outputs";
import { localConsoleTarget, type ConsoleTarget } from "./target";

if (Number(process.versions.node.split(".")[0]) < 22) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const FLAGS = {
  booleans: ["--help"],
  values: ["--stack-name", "--region", "--profile", "--port", "--lambda-port", "--dynamodb-port"],
  aliases: { "-h": "--help" },
} as const;

const USAGE = `Usage: npm run console -- [options]

Serves the order console on http://127.0.0.1:<port>: orders, their durable executions, approvals.

Against a deployed stack (the caller's AWS credentials, the default provider chain):
  --stack-name <name>     a stack of this template; its outputs ${CONSOLE_OUTPUTS.ordersTable} and ${CONSOLE_OUTPUTS.workflowFunction} say what to read
  --region <region>       its region (default: AWS_REGION, or the profile's region)
  --profile <name>        a named profile (default: AWS_PROFILE or the default chain)

Against a local stack (npm run dev, which also serves this console on port 3002):
  --lambda-port <port>    its Lambda service (default 3001)
  --dynamodb-port <port>  its DynamoDB (default 8000)

  --port <port>           the console's port (default ${DEFAULT_CONSOLE_PORT}; 0 picks a free port)
  -h, --help              this help
`;

async function targetFromArgs(args: ParsedArgs): Promise<ConsoleTarget> {
  const stackName = args.values.get("--stack-name");
  const profile = args.values.get("--profile");
  if (!stackName) {
    for (const flag of ["--region", "--profile"]) if (args.values.has(flag)) throw new UsageError(`${flag} needs --stack-name (without it the console reads a local stack)`);
    const lambdaPort = portValue(args, "--lambda-port") ?? DEFAULT_PORTS.lambda;
    const dynamodbPort = portValue(args, "--dynamodb-port") ?? DEFAULT_PORTS.dynamodb;
    return localConsoleTarget({ lambdaEndpoint: `http://${LOCAL_HOST}:${lambdaPort}`, dynamodbEndpoint: `http://${LOCAL_HOST}:${dynamodbPort}` });
  }
  for (const flag of ["--lambda-port", "--dynamodb-port"]) if (args.values.has(flag)) throw new UsageError(`${flag} is for a local stack; --stack-name reads a deployed one`);
  const region = args.values.get("--region") ?? (await defaultRegion(profile));
  return consoleTargetForStack({ stackName, region, ...(profile ? { profile } : {}) });
}

/** The region the SDK would pick (environment, then the profile's config). */
async function defaultRegion(profile: string | undefined): Promise<string> {
  const client = new CloudFormationClient(profile ? { profile } : {});
  try {
    return await client.config.region();
  } catch {
    throw new UsageError("no region: pass --region <region> (or set AWS_REGION)");
  } finally {
    client.destroy();
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: ParsedArgs;
  let target: ConsoleTarget;
  try {
    args = parseArgs(argv, FLAGS);
    if (args.booleans.has("--help")) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    target = await targetFromArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof StackOutputsError)) throw error;
    process.stderr.write(`npm run console: ${error.message}\n${error instanceof UsageError ? `\n${USAGE}` : ""}`);
    return 1;
  }

  const port = portValue(args, "--port") ?? DEFAULT_CONSOLE_PORT;
  let running: Awaited<ReturnType<typeof startConsole>>;
  try {
    running = await startConsole({ target, port });
  } catch (error) {
    target.close();
    const explained = explainListenError(error, "The console", port, "--port");
    if (!(explained instanceof PortUnavailableError)) throw explained;
    process.stderr.write(`npm run console: ${explained.message}\n`);
    return 1;
  }
  process.stdout.write(`Order console for the ${target.label} (table ${target.ordersTable}, function ${target.workflowFunction})\n\n  Console      ${running.url}\n\nPress Ctrl+C to stop.\n`);

  await new Promise<void>((resolveStopped) => {
    const stop = () => void running.close().then(resolveStopped, resolveStopped);
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  target.close();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`npm run console: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
