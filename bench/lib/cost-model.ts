/**
 * Prices one order from its recorded history: durable operations and data, Lambda
 * requests and compute, and the same workflow as a Step Functions Standard state
 * machine. Pure functions, so the assumptions are all in one readable place.
 */
import { BYTES_PER_GB, DAYS_PER_MONTH, PRICES } from "./pricing";
import type { HistorySummary, OperationRecord } from "./history";

export interface FunctionCostInputs {
  memoryMb: number;
  /** Billed durations, ms, one per invocation. */
  durationsMs: number[];
}

export interface OrderCostInputs {
  history: HistorySummary;
  orchestrator: FunctionCostInputs;
  /** Worker and API invocations, by function logical id. */
  functions: Record<string, FunctionCostInputs>;
  retentionDays: number;
  /** Business decisions the code makes with `if` that a state machine needs a Choice state for. */
  choiceStates: number;
}

export interface OrderCost {
  operations: number;
  operationsByType: Record<string, number>;
  bytesWritten: number;
  orchestratorInvocations: number;
  orchestratorGbSeconds: number;
  otherInvocations: number;
  otherGbSeconds: number;
  stateTransitions: number;
  /** USD per order, by line. */
  usd: {
    durableOperations: number;
    durableDataWritten: number;
    durableDataRetained: number;
    orchestratorRequests: number;
    orchestratorCompute: number;
    otherRequests: number;
    otherCompute: number;
    stepFunctionsTransitions: number;
  };
  /** Durable functions, all in: operations, data, orchestrator and the other functions. */
  usdPerOrder: number;
  /** Step Functions Standard: transitions plus the same worker and API functions (no orchestrator Lambda). */
  stepFunctionsUsdPerOrder: number;
}

/** Metering as published: each operation once, each further attempt of a step once more (a waitForCondition poll is an attempt). */
export function billableOperations(operations: readonly OperationRecord[]): { total: number; byType: Record<string, number> } {
  const byType: Record<string, number> = { EXECUTION: 1 };
  let total = 1;
  for (const op of operations) {
    const key = op.subType ? `${op.kind}/${op.subType}` : op.kind;
    const count = op.kind === "STEP" ? Math.max(1, op.attempts) : 1;
    byType[key] = (byType[key] ?? 0) + count;
    total += count;
  }
  return { total, byType };
}

/**
 * The states the same workflow needs in Step Functions, and so its transitions:
 * a Task per step attempt and per worker call, a Wait per wait, one Parallel or Map
 * state per batch (branches and iterations are their states' own), one Task
 * (.waitForTaskToken) per callback, three states per poll of a waitForCondition
 * (Task, Choice, Wait; no Wait after the last), nothing for a plain child context
 * (it only groups), and a Choice per business decision.
 */
export function stateTransitions(operations: readonly OperationRecord[], choiceStates: number): number {
  const insideWaitForCallback = new Set(operations.filter((op) => op.subType === "WaitForCallback").map((op) => op.id));
  let transitions = choiceStates;
  for (const op of operations) {
    if (op.parentId && insideWaitForCallback.has(op.parentId)) continue;
    switch (op.kind) {
      case "STEP":
        transitions += op.subType === "WaitForCondition" ? 3 * op.attempts - 1 : op.attempts;
        break;
      case "CHAINED_INVOKE":
      case "WAIT":
      case "CALLBACK":
        transitions += 1;
        break;
      case "CONTEXT":
        if (op.subType === "Parallel" || op.subType === "Map" || op.subType === "WaitForCallback") transitions += 1;
        break;
      case "EXECUTION":
        break;
      default:
        op.kind satisfies never;
    }
  }
  return transitions;
}

function gbSeconds(fn: FunctionCostInputs): number {
  // Lambda bills whole milliseconds.
  return fn.durationsMs.reduce((sum, ms) => sum + Math.ceil(ms), 0) / 1000 * (fn.memoryMb / 1024);
}

export function priceOrder(inputs: OrderCostInputs): OrderCost {
  const { total, byType } = billableOperations(inputs.history.operations);
  const bytes = inputs.history.bytesWritten;
  const orchestratorGbSeconds = gbSeconds(inputs.orchestrator);
  const others = Object.values(inputs.functions);
  const otherInvocations = others.reduce((sum, fn) => sum + fn.durationsMs.length, 0);
  const otherGbSeconds = others.reduce((sum, fn) => sum + gbSeconds(fn), 0);
  const transitions = stateTransitions(inputs.history.operations, inputs.choiceStates);
  const usd = {
    durableOperations: (total * PRICES.durableOperationUsdPerMillion) / 1e6,
    durableDataWritten: (bytes / BYTES_PER_GB) * PRICES.durableDataWrittenUsdPerGb,
    durableDataRetained: (bytes / BYTES_PER_GB) * PRICES.durableDataRetainedUsdPerGbMonth * (inputs.retentionDays / DAYS_PER_MONTH),
    orchestratorRequests: (inputs.orchestrator.durationsMs.length * PRICES.lambdaRequestUsdPerMillion) / 1e6,
    orchestratorCompute: orchestratorGbSeconds * PRICES.lambdaArmUsdPerGbSecond,
    otherRequests: (otherInvocations * PRICES.lambdaRequestUsdPerMillion) / 1e6,
    otherCompute: otherGbSeconds * PRICES.lambdaArmUsdPerGbSecond,
    stepFunctionsTransitions: (transitions * PRICES.stepFunctionsStandardUsdPerThousandTransitions) / 1000,
  };
  const shared = usd.otherRequests + usd.otherCompute;
  return {
    operations: total,
    operationsByType: byType,
    bytesWritten: bytes,
    orchestratorInvocations: inputs.orchestrator.durationsMs.length,
    orchestratorGbSeconds,
    otherInvocations,
    otherGbSeconds,
    stateTransitions: transitions,
    usd,
    usdPerOrder: usd.durableOperations + usd.durableDataWritten + usd.durableDataRetained + usd.orchestratorRequests + usd.orchestratorCompute + shared,
    stepFunctionsUsdPerOrder: usd.stepFunctionsTransitions + shared,
  };
}
