import { parseFunctionName, versionForQualifier } from "../arn";
import { ExecutionStatus } from "../constants";
import { page } from "../paging";
import { InvalidParameterValueError, ResourceNotFoundError } from "../errors";
import type { LambdaRequest, LambdaResponse, OperationHandler, ServiceContext } from "../http-types";
import { optionalBoolean, optionalInteger, optionalTimestamp, requireLabel } from "../validation";
import { epochSeconds } from "../wire";

interface ListInput {
  functionName: string;
  qualifier?: string;
  executionName?: string;
  statuses: string[];
  startedAfter?: number;
  startedBefore?: number;
  reverseOrder: boolean;
  marker?: string;
  maxItems?: number;
}

/** GET /2025-12-01/functions/{FunctionName}/durable-executions */
export const listDurableExecutionsByFunction: OperationHandler<ListInput> = {
  validate(request: LambdaRequest): ListInput {
    const q = request.query;
    const statuses = q.getAll("Statuses").flatMap((s) => s.split(",")).filter(Boolean);
    for (const status of statuses) {
      if (!Object.values(ExecutionStatus).includes(status as ExecutionStatus)) {
        throw new InvalidParameterValueError(`Invalid status: ${status}`);
      }
    }
    const maxItems = optionalInteger(q.get("MaxItems"), "MaxItems", 1, 1000);
    const startedAfter = optionalTimestamp(q.get("StartedAfter"), "StartedAfter");
    const startedBefore = optionalTimestamp(q.get("StartedBefore"), "StartedBefore");
    return {
      functionName: requireLabel(request.label, "FunctionName"),
      ...(q.get("Qualifier") && { qualifier: q.get("Qualifier") as string }),
      ...(q.get("DurableExecutionName") && { executionName: q.get("DurableExecutionName") as string }),
      statuses,
      ...(startedAfter !== undefined && { startedAfter }),
      ...(startedBefore !== undefined && { startedBefore }),
      reverseOrder: optionalBoolean(q.get("ReverseOrder"), "ReverseOrder") ?? false,
      ...(q.get("Marker") && { marker: q.get("Marker") as string }),
      ...(maxItems !== undefined && { maxItems }),
    };
  },

  async handle(ctx: ServiceContext, input: ListInput): Promise<LambdaResponse> {
    const resolved = ctx.functions.resolve(input.functionName);
    const name = resolved?.name ?? parseFunctionName(input.functionName).name;
    if (!resolved) throw new ResourceNotFoundError(`Function not found: ${input.functionName}`);
    const qualifier = input.qualifier ?? resolved.qualifier;
    const version = qualifier ? versionForQualifier(qualifier) : undefined;
    const matching = ctx.store.all()
      .filter((r) => r.functionName === name)
      .filter((r) => version === undefined || r.version === version)
      .filter((r) => input.executionName === undefined || r.executionName === input.executionName)
      .filter((r) => input.statuses.length === 0 || input.statuses.includes(r.status))
      .filter((r) => input.startedAfter === undefined || r.startTimestamp >= input.startedAfter)
      .filter((r) => input.startedBefore === undefined || r.startTimestamp <= input.startedBefore)
      .sort((a, b) => a.startTimestamp - b.startTimestamp || a.executionId.localeCompare(b.executionId));
    // Newest first by default, as the console lists them; ReverseOrder gives oldest first.
    const ordered = input.reverseOrder ? matching : matching.reverse();
    const { items, nextMarker } = page(ordered, input.marker, input.maxItems);
    return {
      status: 200,
      body: {
        DurableExecutions: items.map((r) => ({
          DurableExecutionArn: r.executionArn,
          DurableExecutionName: r.executionName,
          FunctionArn: r.functionArn,
          Status: r.status,
          StartTimestamp: epochSeconds(r.startTimestamp),
          ...(r.endTimestamp !== undefined && { EndTimestamp: epochSeconds(r.endTimestamp) }),
        })),
        ...(nextMarker !== undefined && { NextMarker: nextMarker }),
      },
    };
  },
};
