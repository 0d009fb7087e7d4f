/**
 * Every business metric the functions emit, in one place: the code emits through these
 * definitions (metrics.ts), template.yaml's alarms and dashboard refer to them by name
 * and dimensions (tests/template/observability.test.ts checks that they agree), and the
 * README's metrics table says the same.
 *
 * Metrics are CloudWatch Embedded Metric Format lines written by Powertools Metrics: no
 * PutMetricData call, no IAM permission, nothing to flush at the end of an invocation.
 */

/** The `service` dimension Powertools adds to every metric; one for the whole application. */
export const METRICS_SERVICE = "order-processing";

/** Used when POWERTOOLS_METRICS_NAMESPACE is absent (tests, `sam local invoke` without an env file). */
export const DEFAULT_METRICS_NAMESPACE = "OrderProcessing";

/** Why an order ended without being completed: the `Reason` dimension of OrdersFailed. */
export const FAILURE_REASONS = [
  "invalid",
  "declined",
  "out-of-stock",
  "risk",
  "rejected",
  "approval-timed-out",
  "worker-unavailable",
  /** Anything the workflow did not plan for (a worker contract mismatch, a carrier refusal, a bad approval answer). */
  "unexpected",
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export const WORKERS = ["inventory", "payment", "shipping", "tax"] as const;
export type Worker = (typeof WORKERS)[number];

export const COMPENSATION_KINDS = ["void-payment", "release-inventory", "refund-payment"] as const;
export const COMPENSATION_OUTCOMES = ["succeeded", "failed"] as const;

/** The values a dimension may take; a dimension not listed here takes none. */
export const DIMENSION_VALUES = {
  Reason: FAILURE_REASONS,
  Worker: WORKERS,
  Kind: COMPENSATION_KINDS,
  Outcome: COMPENSATION_OUTCOMES,
} as const;
export type DimensionName = keyof typeof DIMENSION_VALUES;

export type MetricUnitName = "Count" | "Seconds";

export interface MetricDefinition {
  readonly unit: MetricUnitName;
  /** Dimensions besides `service`, in the order they are emitted. */
  readonly dimensions: readonly DimensionName[];
  /** Logical ids of the functions that emit it. */
  readonly emittedBy: readonly string[];
  /** What one data point means (the README's metrics table). */
  readonly meaning: string;
}

export const METRICS = {
  OrdersAccepted: {
    unit: "Count",
    dimensions: [],
    emittedBy: ["OrdersApiFunction"],
    meaning: "An order the API accepted (202) and started a workflow for; an idempotent repeat of the same request counts once.",
  },
  OrdersCompleted: {
    unit: "Count",
    dimensions: [],
    emittedBy: ["OrderWorkflowFunction"],
    meaning: "An order that reached `completed`.",
  },
  OrdersFailed: {
    unit: "Count",
    dimensions: ["Reason"],
    emittedBy: ["OrderWorkflowFunction"],
    meaning: "An order that ended `failed`, `rejected` or `approval-timed-out`, after its compensations ran; `Reason` says why.",
  },
  TimeToComplete: {
    unit: "Seconds",
    dimensions: [],
    emittedBy: ["OrderWorkflowFunction"],
    meaning: "Seconds from acceptance (`received`) to `completed`, approval and warehouse waits included.",
  },
  ApprovalWaitTime: {
    unit: "Seconds",
    dimensions: [],
    emittedBy: ["OrderWorkflowFunction"],
    meaning: "Seconds an order waited for a person: from `awaiting-approval` to the decision (approved, rejected or timed out).",
  },
  CompensationsRun: {
    unit: "Count",
    dimensions: ["Kind", "Outcome"],
    emittedBy: ["OrderWorkflowFunction", "OrderRedriverFunction"],
    meaning: "A saga compensation that ran (by the workflow, or by the re-driver for an order whose workflow ended without deciding it); `Outcome` `failed` means it gave up after its retries and a person must finish it.",
  },
  WorkerRetries: {
    unit: "Count",
    dimensions: ["Worker"],
    emittedBy: ["OrderWorkflowFunction"],
    meaning: "A worker call the workflow repeats after it failed (counted when the backoff wait before the repeat starts).",
  },
  WorkerErrors: {
    unit: "Count",
    dimensions: ["Worker"],
    emittedBy: ["InventoryFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"],
    meaning: "A worker call that threw (transient trouble: the workflow retries it); business refusals are not errors.",
  },
  StrandedOrdersFound: {
    unit: "Count",
    dimensions: [],
    emittedBy: ["OrderRedriverFunction"],
    meaning: "Orders the re-driver found left in `received` without a running workflow, on one run (0 when none).",
  },
  AbandonedOrdersFound: {
    unit: "Count",
    dimensions: [],
    emittedBy: ["OrderRedriverFunction"],
    meaning: "Orders the re-driver found in flight after their workflow execution ended (stopped, timed out or failed on a bug) and decided (compensated and `failed`, or `completed` if shipped), on one run (0 when none).",
  },
  OrdersAwaitingApprovalTooLong: {
    unit: "Count",
    dimensions: [],
    emittedBy: ["OrderRedriverFunction"],
    meaning: "Orders still `awaiting-approval` after the alarm threshold, on one re-driver run (0 when none): a gauge, since an order that is still waiting emits nothing itself.",
  },
} as const satisfies Record<string, MetricDefinition>;

export type MetricName = keyof typeof METRICS;

/** The dimension values a metric takes, typed from its definition. */
export type DimensionsOf<M extends MetricName> = {
  readonly [D in (typeof METRICS)[M]["dimensions"][number]]: (typeof DIMENSION_VALUES)[D][number];
};
