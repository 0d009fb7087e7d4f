/**
 * `npm run local -- invoke <FunctionLogicalId> -e <event.json>`: runs a function
 * once through the Lambda API. A durable function is started asynchronously under
 * an execution name and followed to its end; the result and the history table
 * are printed. With no stack listening on the Lambda port, one is started in this
 * process (in-memory DynamoDB and Lambda service) for the run and stopped after it.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { GetDurableExecutionCommand, InvokeCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import { UsageError } from "../args";
import { functionSpecs, type FunctionSpec } from "../functions";
import { createResolutionContext } from "../intrinsics";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../stack";
import { DEFAULT_TEMPLATE_PATH, loadTemplate } from "../template";
import { fetchHistory } from "./execution";
import { formatHistoryTable, historyRows } from "./history-table";
import { prettyJson, type CliIo } from "./io";
import { isListening, localLambdaClient } from "./lambda-client";

export interface InvokeCommandOptions {
  functionId: string;
  /** JSON file with the event; `{}` when absent. */
  eventPath?: string;
  /** For a durable function; default `invoke-<random>`. */
  executionName?: string;
  host: string;
  lambdaPort: number;
  /** Used only when this command has to start its own stack. */
  stackOptions: LocalStackOptions;
  io: CliIo;
  /** How often to look at a running execution. */
  pollIntervalMs?: number;
}

export async function runInvokeCommand(options: InvokeCommandOptions): Promise<number> {
  const { io } = options;
  const templatePath = resolve(options.stackOptions.templatePath ?? DEFAULT_TEMPLATE_PATH);
  const context = createResolutionContext(loadTemplate(templatePath), { ...(options.stackOptions.parameterOverrides ? { parameterOverrides: options.stackOptions.parameterOverrides } : {}) });
  const functions = functionSpecs(context, dirname(templatePath));
  const spec = functions.find((candidate) => candidate.logicalId === options.functionId || candidate.name === options.functionId);
  if (!spec) throw new UsageError(`no function "${options.functionId}" in the template (it has: ${functions.map((f) => f.logicalId).join(", ")})`);
  const payload = readEvent(options.eventPath);

  let stack: LocalStack | undefined;
  let endpoint = `http://${options.host}:${options.lambdaPort}`;
  if (await isListening(options.host, options.lambdaPort)) {
    io.err(`Using the local stack already running at ${endpoint}.`);
  } else {
    stack = await startLocalStack({
      ...options.stackOptions,
      inMemory: true,
      host: options.host,
      lambdaPort: options.lambdaPort,
      apiPort: 0,
      dynamodbPort: 0,
      functionLog: (name, line) => io.err(`[${name}] ${line}`),
    });
    endpoint = stack.lambdaEndpoint;
    io.err(`No local stack on ${options.host}:${options.lambdaPort}; started one in this process (in-memory DynamoDB ${stack.dynamodbEndpoint}, Lambda ${endpoint}).`);
  }

  const client = localLambdaClient(endpoint);
  try {
    return spec.durable
      ? await invokeDurable(client, spec, payload, options, endpoint)
      : await invokePlain(client, spec, payload, io);
  } finally {
    client.destroy();
    await stack?.close();
  }
}

function readEvent(path: string | undefined): string {
  if (path === undefined) return "{}";
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the event file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the event file ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

async function invokePlain(client: LambdaClient, spec: FunctionSpec, payload: string, io: CliIo): Promise<number> {
  const response = await client.send(new InvokeCommand({ FunctionName: spec.name, Payload: new TextEncoder().encode(payload) }));
  const text = response.Payload ? new TextDecoder().decode(response.Payload) : "";
  if (response.FunctionError) {
    io.out(`${spec.name} failed (${response.FunctionError}):`);
    io.out(prettyJson(text));
    return 1;
  }
  io.out(prettyJson(text));
  return 0;
}

async function invokeDurable(client: LambdaClient, spec: FunctionSpec, payload: string, options: InvokeCommandOptions, endpoint: string): Promise<number> {
  const { io } = options;
  const qualifier = spec.alias ?? "$LATEST";
  const executionName = options.executionName ?? `invoke-${randomUUID().slice(0, 8)}`;
  const started = await client.send(
    new InvokeCommand({
      FunctionName: `${spec.name}:${qualifier}`,
      InvocationType: "Event",
      DurableExecutionName: executionName,
      Payload: new TextEncoder().encode(payload),
    }),
  );
  const executionArn = started.DurableExecutionArn;
  if (!executionArn) throw new Error("the Lambda service did not return a durable execution ARN");
  io.err(`Started durable execution ${executionName}\n  ${executionArn}`);

  const announced = new Set<string>();
  const portFlag = options.lambdaPort === 3001 ? "" : ` --lambda-port ${new URL(endpoint).port}`;
  for (;;) {
    const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true }));
    if (execution.Status !== "RUNNING") {
      const events = await fetchHistory(client, executionArn);
      io.out(`\nStatus: ${execution.Status}`);
      if (execution.Result !== undefined) io.out(`Result:\n${prettyJson(execution.Result)}`);
      if (execution.Error) io.out(`Error: ${[execution.Error.ErrorType, execution.Error.ErrorMessage].filter(Boolean).join(": ")}`);
      io.out(`\n${formatHistoryTable(historyRows(events))}`);
      return execution.Status === "SUCCEEDED" ? 0 : 1;
    }
    // Tell the person at the keyboard how to answer any callback the execution now waits for.
    for (const event of await fetchHistory(client, executionArn)) {
      const callbackId = event.EventType === "CallbackStarted" ? event.CallbackStartedDetails?.CallbackId : undefined;
      if (!callbackId || announced.has(callbackId)) continue;
      announced.add(callbackId);
      io.err(`Waiting for callback "${event.Name ?? event.Id}". Answer it from another terminal:`);
      io.err(`  npm run local -- callback succeed ${callbackId} --result '{"approved":true}'${portFlag}`);
    }
    await new Promise((resolveDelay) => setTimeout(resolveDelay, options.pollIntervalMs ?? 300));
  }
}
