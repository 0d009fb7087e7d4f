/**
 * The orchestrator's durable executions through the Lambda durable execution APIs —
 * the calls an operator would make with the AWS CLI: find, describe, read the history,
 * list by status, stop, and answer an approval callback.
 */
import {
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  ListDurableExecutionsByFunctionCommand,
  StopDurableExecutionCommand,
  type Event,
  type Execution,
  type ExecutionStatus,
  type GetDurableExecutionCommandOutput,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { ApprovalCallbackClosedError, durableExecutionName, LambdaCallError, sendApprovalDecision } from "../../adapters/lambda";
import type { ApprovalDecision } from "../../domain/approval";

export const EXECUTION_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"] as const satisfies readonly ExecutionStatus[];

/** The error a stop records, so the history says who stopped it. */
export const CONSOLE_STOP_ERROR_TYPE = "StoppedFromConsole";

const HISTORY_PAGE_SIZE = 1000;
/** 20,000 events: well above the 3,000 operations an execution may have. */
const MAX_HISTORY_PAGES = 20;

export interface History {
  events: Event[];
  /** False when the history was longer than the console reads. */
  complete: boolean;
}

export interface ExecutionsPage {
  executions: Execution[];
  nextMarker?: string;
}

export class ExecutionsReader {
  constructor(
    private readonly lambda: LambdaClient,
    readonly workflowFunction: string,
  ) {}

  /** The order's execution: the ARN stored on the order, else the newest execution named `order-<orderId>`. */
  async forOrder(orderId: string, storedArn?: string): Promise<string | undefined> {
    if (storedArn) return storedArn;
    const name = durableExecutionName(orderId);
    const page = await this.lambda.send(new ListDurableExecutionsByFunctionCommand({ FunctionName: this.workflowFunction, DurableExecutionName: name }));
    const matching = (page.DurableExecutions ?? []).filter((execution) => execution.DurableExecutionName === name);
    matching.sort((a, b) => (b.StartTimestamp?.getTime() ?? 0) - (a.StartTimestamp?.getTime() ?? 0));
    return matching[0]?.DurableExecutionArn;
  }

  describe(executionArn: string): Promise<GetDurableExecutionCommandOutput> {
    return this.lambda.send(new GetDurableExecutionCommand({ DurableExecutionArn: executionArn, IncludeExecutionData: true }));
  }

  /** Every event, page by page; with `includeData`, the payloads too (only the detail view needs them). */
  async history(executionArn: string, includeData: boolean): Promise<History> {
    const events: Event[] = [];
    let marker: string | undefined;
    for (let pages = 0; pages < MAX_HISTORY_PAGES; pages++) {
      const page = await this.lambda.send(
        new GetDurableExecutionHistoryCommand({
          DurableExecutionArn: executionArn,
          IncludeExecutionData: includeData,
          MaxItems: HISTORY_PAGE_SIZE,
          ...(marker ? { Marker: marker } : {}),
        }),
      );
      events.push(...(page.Events ?? []));
      marker = page.NextMarker;
      if (!marker) return { events, complete: true };
    }
    return { events, complete: false };
  }

  async list(query: { statuses?: readonly ExecutionStatus[]; marker?: string; limit?: number }): Promise<ExecutionsPage> {
    const page = await this.lambda.send(
      new ListDurableExecutionsByFunctionCommand({
        FunctionName: this.workflowFunction,
        MaxItems: query.limit ?? 25,
        ...(query.statuses && query.statuses.length > 0 ? { Statuses: [...query.statuses] } : {}),
        ...(query.marker ? { Marker: query.marker } : {}),
      }),
    );
    return { executions: page.DurableExecutions ?? [], ...(page.NextMarker ? { nextMarker: page.NextMarker } : {}) };
  }

  async stop(executionArn: string, reason: string | undefined): Promise<Date | undefined> {
    const stopped = await this.lambda.send(
      new StopDurableExecutionCommand({
        DurableExecutionArn: executionArn,
        Error: { ErrorType: CONSOLE_STOP_ERROR_TYPE, ErrorMessage: reason ?? "stopped from the order console" },
      }),
    );
    return stopped.StopTimestamp;
  }

  /** Answers the approval callback with the decision the workflow parses (`{approved, reason?}`), as the API does. */
  async answerApproval(callbackId: string, decision: ApprovalDecision): Promise<void> {
    try {
      await sendApprovalDecision(callbackId, decision, this.lambda);
    } catch (error) {
      // The adapter names the failure for the API's clients; an operator wants Lambda's own error.
      if ((error instanceof ApprovalCallbackClosedError || error instanceof LambdaCallError) && error.cause !== undefined) throw error.cause;
      throw error;
    }
  }
}
