/**
 * Benchmark 4, cost model: what one order costs, priced from its recorded history
 * (GetDurableExecutionHistory), for a standard order and for one that waits for
 * approval, against the same workflow as a Step Functions Standard state machine.
 */
import type { FunctionSpec } from "../src/local/functions";
import { postApproval, postOrder, waitForOrderExecution, waitForOrderStatus } from "./lib/api";
import { priceOrder, type FunctionCostInputs, type OrderCost } from "./lib/cost-model";
import { fetchHistory, summariseHistory, type HistorySummary } from "./lib/history";
import { approvalOrder, standardOrder, type BenchOrder } from "./lib/orders";
import { PRICES, PRICE_SOURCES } from "./lib/pricing";
import { quietLog, type BenchmarkReport, type BenchOptions, type FigureRow } from "./lib/report";
import { startBenchStack, type BenchStack } from "./lib/stack";
import { round } from "./lib/stats";

export const COST_TIME_SCALE = 0.001;
const ORCHESTRATOR = "OrderWorkflowFunction";
const API = "OrdersApiFunction";
const SHIPPING = "ShippingFunction";

export interface OrderCostFigures {
  operations: number;
  operationsByType: Record<string, number>;
  bytesWritten: number;
  stateTransitions: number;
  orchestratorInvocations: number;
  orchestratorBilledMs: number;
  otherInvocations: number;
  usdPerMillionOrders: number;
  stepFunctionsUsdPerMillionOrders: number;
  /** USD per million orders, by line. */
  breakdown: Record<string, number>;
}

export interface CostResult {
  operationsPerOrder: number;
  bytesWrittenPerOrder: number;
  usdPerMillionOrders: number;
  stepFunctionsUsdPerMillionOrders: number;
  standard: OrderCostFigures;
  approval: OrderCostFigures;
  assumptions: string[];
}

interface MeasuredOrder {
  history: HistorySummary;
  apiDurationsMs: number[];
}

async function runOrder(bench: BenchStack, order: BenchOrder, approve: boolean): Promise<MeasuredOrder> {
  const posted = await postOrder(bench.stack.apiUrl, order);
  if (!posted.orderId) throw new Error(`POST /orders failed: ${posted.error ?? posted.status}`);
  const apiDurationsMs = [posted.latencyMs];
  if (approve) {
    await waitForOrderStatus(bench.stack.apiUrl, posted.orderId, "awaiting-approval", 60_000);
    const started = performance.now();
    const status = await postApproval(bench.stack.apiUrl, posted.orderId, true);
    apiDurationsMs.push(performance.now() - started);
    if (status !== 202) throw new Error(`approval of ${posted.orderId} answered HTTP ${status}`);
  }
  const execution = await waitForOrderExecution(bench.stack, posted.orderId, 120_000);
  if (execution.status !== "SUCCEEDED") throw new Error(`order ${posted.orderId} ended ${execution.status}: ${JSON.stringify(execution.error)}`);
  return { history: summariseHistory(await fetchHistory(bench.lambda, execution.executionArn)), apiDurationsMs };
}

function specOf(functions: readonly FunctionSpec[], name: string | undefined): FunctionSpec | undefined {
  if (!name) return undefined;
  const bare = name.replace(/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/, "").split(":")[0];
  return functions.find((spec) => spec.name === bare || spec.logicalId === bare);
}

function costInputs(measured: MeasuredOrder, functions: readonly FunctionSpec[], approvalOrderChoices: number) {
  const orchestrator = functions.find((spec) => spec.logicalId === ORCHESTRATOR);
  if (!orchestrator?.durable) throw new Error(`${ORCHESTRATOR} is not a durable function in the template`);
  const byFunction: Record<string, FunctionCostInputs> = {};
  const add = (spec: FunctionSpec, ms: number) => {
    byFunction[spec.logicalId] ??= { memoryMb: spec.memorySizeMb, durationsMs: [] };
    byFunction[spec.logicalId]!.durationsMs.push(ms);
  };
  for (const op of measured.history.operations) {
    if (op.kind !== "CHAINED_INVOKE" || op.startMs === undefined || op.endMs === undefined) continue;
    const spec = specOf(functions, op.functionName);
    if (!spec) throw new Error(`chained invoke of an unknown function ${op.functionName}`);
    add(spec, op.endMs - op.startMs);
  }
  // Pickup polls call the shipping worker with a plain Invoke inside the check, which the history does not show.
  const shipping = functions.find((spec) => spec.logicalId === SHIPPING);
  const polls = measured.history.operations.filter((op) => op.subType === "WaitForCondition").reduce((sum, op) => sum + op.attempts, 0);
  if (shipping) for (let i = 0; i < polls; i++) add(shipping, Number(shipping.environment.WORKER_LATENCY_MS ?? 0));
  const api = functions.find((spec) => spec.logicalId === API);
  if (api) for (const ms of measured.apiDurationsMs) add(api, ms);
  return {
    history: measured.history,
    orchestrator: { memoryMb: orchestrator.memorySizeMb, durationsMs: measured.history.invocations.map((i) => i.durationMs) },
    functions: byFunction,
    retentionDays: orchestrator.durable.retentionPeriodInDays,
    choiceStates: approvalOrderChoices,
  };
}

const perMillion = (usd: number): number => round(usd * 1e6, 2);

function figures(cost: OrderCost, orchestratorBilledMs: number): OrderCostFigures {
  return {
    operations: cost.operations,
    operationsByType: cost.operationsByType,
    bytesWritten: cost.bytesWritten,
    stateTransitions: cost.stateTransitions,
    orchestratorInvocations: cost.orchestratorInvocations,
    orchestratorBilledMs,
    otherInvocations: cost.otherInvocations,
    usdPerMillionOrders: perMillion(cost.usdPerOrder),
    stepFunctionsUsdPerMillionOrders: perMillion(cost.stepFunctionsUsdPerOrder),
    breakdown: Object.fromEntries(Object.entries(cost.usd).map(([line, usd]) => [line, perMillion(usd)])),
  };
}

function measure(measured: MeasuredOrder, functions: readonly FunctionSpec[], choices: number): OrderCostFigures {
  const inputs = costInputs(measured, functions, choices);
  const billedMs = inputs.orchestrator.durationsMs.reduce((sum, ms) => sum + Math.ceil(ms), 0);
  return figures(priceOrder(inputs), billedMs);
}

export async function runCostBenchmark(options: BenchOptions): Promise<BenchmarkReport<CostResult>> {
  const log = quietLog(options);
  const bench = await startBenchStack({ timeScale: COST_TIME_SCALE });
  let standard: OrderCostFigures;
  let approval: OrderCostFigures;
  let retentionDays = 0;
  const functions = bench.stack.functions;
  try {
    retentionDays = functions.find((spec) => spec.logicalId === ORCHESTRATOR)?.durable?.retentionPeriodInDays ?? 0;
    // A warm-up order, so the measured ones do not carry the sandboxes' first-call costs.
    await runOrder(bench, standardOrder(), false);
    // Choice states: "needs approval?" for every order, "approved?" for the one that asked.
    standard = measure(await runOrder(bench, standardOrder(), false), functions, 1);
    approval = measure(await runOrder(bench, approvalOrder(), true), functions, 2);
    log(`cost: standard ${standard.operations} operations, ${standard.bytesWritten} B; approval ${approval.operations} operations`);
  } finally {
    await bench.close();
  }

  const assumptions = [
    ...PRICE_SOURCES,
    "Durable operations billed: 1 for the execution, 1 per operation in the history (STEP, WAIT, CALLBACK, CONTEXT, CHAINED_INVOKE), plus 1 per further attempt of a step (each waitForCondition poll after the first); no retries happened in these runs.",
    "Data written = bytes of every payload, result and error in the history (execution input, step and context results, invoke inputs and results, callback result); request metadata is not counted.",
    `Data retained = data written kept for the orchestrator's RetentionPeriodInDays (${retentionDays} days, template DurableConfig) at $${PRICES.durableDataRetainedUsdPerGbMonth}/GB-month, a month being 30 days.`,
    "Lambda compute: arm64, the template's MemorySize per function (orchestrator 512 MB, others 256 MB), each invocation's measured duration rounded up to 1 ms: orchestrator invocations from InvocationCompleted events, workers from their chained-invoke spans (so they include the local service's overhead), pickup polls at the shipping worker's WORKER_LATENCY_MS, the API at its measured POST latency.",
    "Durations are local ones (seed worker latencies, DURABLE_EXECUTIONS_TIME_SCALE=0.001, code run from TypeScript in worker threads on this machine); time suspended in waits and callbacks is not billed, as in AWS.",
    "Step Functions Standard equivalent: one transition per Task (each step attempt, each worker call), Wait, Parallel, Map and waitForTaskToken state; 3 per pickup poll (Task, Choice, Wait; no Wait after the last); plain child contexts cost nothing; one Choice per business decision (needs approval?, approved?). It runs the same worker and API functions but no orchestrator Lambda; DynamoDB status writes are assumed to be direct service integrations.",
    "Not included on either side: DynamoDB, API Gateway, CloudWatch Logs, X-Ray, data transfer, free tiers.",
  ];
  const rows: FigureRow[] = [
    { figure: "standard order: durable operations", value: standard.operations, unit: "ops" },
    { figure: "standard order: bytes checkpointed", value: standard.bytesWritten, unit: "B" },
    { figure: "standard order: durable functions", value: standard.usdPerMillionOrders, unit: "USD/M orders" },
    { figure: "standard order: Step Functions Standard", value: standard.stepFunctionsUsdPerMillionOrders, unit: "USD/M orders" },
    { figure: "approval order: durable operations", value: approval.operations, unit: "ops" },
    { figure: "approval order: bytes checkpointed", value: approval.bytesWritten, unit: "B" },
    { figure: "approval order: durable functions", value: approval.usdPerMillionOrders, unit: "USD/M orders" },
    { figure: "approval order: Step Functions Standard", value: approval.stepFunctionsUsdPerMillionOrders, unit: "USD/M orders" },
  ];
  return {
    key: "cost",
    title: "Cost model",
    method: [
      `A standard order ($79.98) and an approval order ($7,499, approved through POST /orders/{id}/approval) run through the local stack (DURABLE_EXECUTIONS_TIME_SCALE=${COST_TIME_SCALE}, seed worker latencies) after one warm-up order; each is priced from its GetDurableExecutionHistory.`,
      "Every price and metering assumption is listed under cost.assumptions in latest.json and in the README.",
    ],
    rows,
    result: {
      operationsPerOrder: standard.operations,
      bytesWrittenPerOrder: standard.bytesWritten,
      usdPerMillionOrders: standard.usdPerMillionOrders,
      stepFunctionsUsdPerMillionOrders: standard.stepFunctionsUsdPerMillionOrders,
      standard,
      approval,
      assumptions,
    },
  };
}
