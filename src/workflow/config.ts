/**
 * The orchestrator's configuration, read from the environment once (on first use, so a
 * test can set variables before the first run) and typed in one place.
 *
 * template.yaml sets every variable; the defaults below apply to `sam local invoke`
 * runs without an env file and to the test runner.
 */
import type { Cents } from "../domain/money";
import { dollarsToCents } from "../domain/money";

export interface WorkerFunctions {
  /** INVENTORY_FUNCTION (required): inventory worker name or ARN, the funcId for context.invoke. */
  readonly inventory: string;
  /** PAYMENT_FUNCTION (required). */
  readonly payment: string;
  /** SHIPPING_FUNCTION (required). Also called with Lambda Invoke by the pickup poll. */
  readonly shipping: string;
  /** TAX_FUNCTION (required). */
  readonly tax: string;
}

export interface WorkflowConfig {
  readonly functions: WorkerFunctions;
  /** APPROVAL_THRESHOLD_USD, default 5000: orders whose total is above it wait for a person. */
  readonly approvalThresholdCents: Cents;
  /** APPROVAL_TIMEOUT_SECONDS, default 86400 (24 h): then the order is `approval-timed-out`. */
  readonly approvalTimeoutSeconds: number;
  /** WAREHOUSE_WAIT_SECONDS, default 300: the durable wait standing in for warehouse processing. */
  readonly warehouseWaitSeconds: number;
  /** PICKUP_MAX_POLLS, default 10: carrier pickup polls before the order is given up. */
  readonly pickupMaxPolls: number;
  /**
   * PREPARATION_MODE, default `parallel` (absent here). `sequential` asks the four
   * preparation questions one at a time: a comparison mode for the parallel-speedup
   * benchmark (bench/parallel.ts), never for production.
   */
  readonly preparationMode?: PreparationMode;
}

export const PREPARATION_MODES = ["parallel", "sequential"] as const;
export type PreparationMode = (typeof PREPARATION_MODES)[number];

export const CONFIG_DEFAULTS = {
  approvalThresholdUsd: "5000",
  approvalTimeoutSeconds: 86_400,
  warehouseWaitSeconds: 300,
  pickupMaxPolls: 10,
} as const;

/** A missing or malformed variable; thrown at the first run so a bad deployment fails loudly. */
export class WorkflowConfigError extends Error {
  override readonly name = "WorkflowConfigError";
}

export function loadWorkflowConfig(env: NodeJS.ProcessEnv = process.env): WorkflowConfig {
  return {
    functions: {
      inventory: required(env, "INVENTORY_FUNCTION"),
      payment: required(env, "PAYMENT_FUNCTION"),
      shipping: required(env, "SHIPPING_FUNCTION"),
      tax: required(env, "TAX_FUNCTION"),
    },
    approvalThresholdCents: thresholdCents(env.APPROVAL_THRESHOLD_USD ?? CONFIG_DEFAULTS.approvalThresholdUsd),
    approvalTimeoutSeconds: positiveInteger(env, "APPROVAL_TIMEOUT_SECONDS", CONFIG_DEFAULTS.approvalTimeoutSeconds),
    warehouseWaitSeconds: positiveInteger(env, "WAREHOUSE_WAIT_SECONDS", CONFIG_DEFAULTS.warehouseWaitSeconds),
    pickupMaxPolls: positiveInteger(env, "PICKUP_MAX_POLLS", CONFIG_DEFAULTS.pickupMaxPolls),
    ...(preparationMode(env) === "sequential" ? { preparationMode: "sequential" as const } : {}),
  };
}

function preparationMode(env: NodeJS.ProcessEnv): PreparationMode {
  const raw = env.PREPARATION_MODE?.trim() || "parallel";
  if (!(PREPARATION_MODES as readonly string[]).includes(raw)) {
    throw new WorkflowConfigError(`PREPARATION_MODE must be one of ${PREPARATION_MODES.join(", ")}, got ${JSON.stringify(raw)}`);
  }
  return raw as PreparationMode;
}

let cached: WorkflowConfig | undefined;

/** The configuration of this process (a Lambda execution environment), read on first call. */
export function workflowConfig(): WorkflowConfig {
  cached ??= loadWorkflowConfig();
  return cached;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new WorkflowConfigError(`environment variable ${name} is required`);
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new WorkflowConfigError(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

function thresholdCents(raw: string): Cents {
  try {
    const cents = dollarsToCents(raw);
    if (cents < 0) throw new RangeError("negative");
    return cents;
  } catch (error) {
    throw new WorkflowConfigError(`APPROVAL_THRESHOLD_USD must be a non-negative dollar amount, got ${JSON.stringify(raw)}`, { cause: error });
  }
}
