/**
 * `npm run local -- execution get|history|stop|list`: a durable execution's state
 * and history through the Lambda API, as `sam local execution` shows them.
 */
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  ListDurableExecutionsByFunctionCommand,
  StopDurableExecutionCommand,
  type Event,
  type Execution as ExecutionSummary,
  type GetDurableExecutionCommandOutput,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { UsageError } from "../args";
import { formatDuration, formatHistoryTable, historyRows } from "./history-table";
import { prettyJson, type CliIo } from "./io";

export const EXECUTION_ACTIONS = ["get", "history", "stop", "list"] as const;
export type ExecutionAction = (typeof EXECUTION_ACTIONS)[number];

export function isExecutionAction(value: string | undefined): value is ExecutionAction {
  return (EXECUTION_ACTIONS as readonly string[]).includes(value ?? "");
}

export type OutputFormat = "table" | "json";

export async function fetchHistory(client: LambdaClient, executionArn: string): Promise<Event[]> {
  const events: Event[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(
      new GetDurableExecutionHistoryCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true, MaxItems: 1000, ...(marker ? { Marker: marker } : {}) }),
    );
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

export function describeExecution(execution: GetDurableExecutionCommandOutput): string {
  const started = execution.StartTimestamp;
  const ended = execution.EndTimestamp;
  const lines = [
    `Execution  ${execution.DurableExecutionArn}`,
    `Name       ${execution.DurableExecutionName}`,
    `Function   ${execution.FunctionArn}`,
    `Status     ${execution.Status}`,
    `Started    ${started?.toISOString() ?? "-"}`,
  ];
  if (ended) lines.push(`Ended      ${ended.toISOString()}  (${formatDuration(started ? ended.getTime() - started.getTime() : undefined)})`);
  if (execution.InputPayload !== undefined) lines.push(`Input      ${indentTail(prettyJson(execution.InputPayload))}`);
  if (execution.Result !== undefined) lines.push(`Result     ${indentTail(prettyJson(execution.Result))}`);
  if (execution.Error) lines.push(`Error      ${[execution.Error.ErrorType, execution.Error.ErrorMessage].filter(Boolean).join(": ")}`);
  return lines.join("\n");
}

function indentTail(text: string): string {
  return text.split("\n").join("\n           ");
}

export async function runExecutionCommand(
  action: Exclude<ExecutionAction, "list">,
  executionArn: string,
  options: { client: LambdaClient; io: CliIo; format: OutputFormat; errorMessage?: string; errorType?: string },
): Promise<number> {
  const { client, io, format } = options;
  switch (action) {
    case "get": {
      const execution = await client.send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true }));
      io.out(format === "json" ? JSON.stringify(withoutMetadata(execution), null, 2) : describeExecution(execution));
      return 0;
    }
    case "history": {
      const events = await fetchHistory(client, executionArn);
      io.out(format === "json" ? JSON.stringify(events, null, 2) : formatHistoryTable(historyRows(events)));
      return 0;
    }
    case "stop": {
      const stopped = await client.send(
        new StopDurableExecutionCommand({
          DurableExecutionArn: executionArn,
          ...(options.errorMessage !== undefined || options.errorType !== undefined
            ? { Error: { ...(options.errorMessage ? { ErrorMessage: options.errorMessage } : {}), ...(options.errorType ? { ErrorType: options.errorType } : {}) } }
            : {}),
        }),
      );
      io.out(`Stopped ${executionArn} at ${stopped.StopTimestamp?.toISOString() ?? "?"}.`);
      return 0;
    }
    default:
      throw new UsageError(`unknown execution action "${String(action satisfies never)}"`);
  }
}

/** Lists executions of the given functions, newest first. */
export async function listExecutions(client: LambdaClient, functionNames: readonly string[], io: CliIo, format: OutputFormat): Promise<number> {
  const executions: ExecutionSummary[] = [];
  for (const functionName of functionNames) {
    let marker: string | undefined;
    do {
      const page = await client.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: functionName, ...(marker ? { Marker: marker } : {}) }));
      executions.push(...(page.DurableExecutions ?? []));
      marker = page.NextMarker;
    } while (marker);
  }
  executions.sort((a, b) => (b.StartTimestamp?.getTime() ?? 0) - (a.StartTimestamp?.getTime() ?? 0));
  if (format === "json") {
    io.out(JSON.stringify(executions, null, 2));
    return 0;
  }
  if (executions.length === 0) {
    io.out(`No durable executions of ${functionNames.join(", ")}.`);
    return 0;
  }
  const rows = executions.map((execution) => [
    execution.DurableExecutionName ?? "",
    execution.Status ?? "",
    execution.StartTimestamp?.toISOString() ?? "",
    execution.EndTimestamp && execution.StartTimestamp ? formatDuration(execution.EndTimestamp.getTime() - execution.StartTimestamp.getTime()) : "…",
    execution.DurableExecutionArn ?? "",
  ]);
  const header = ["NAME", "STATUS", "STARTED", "DURATION", "ARN"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  for (const row of [header, ...rows]) io.out(row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  "));
  return 0;
}

function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, "$metadata"> {
  const { $metadata: _metadata, ...rest } = output;
  return rest;
}
