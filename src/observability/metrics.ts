/**
 * Business metrics through Powertools Metrics: each call writes one EMF line at once
 * (a "single metric"), so a metric is never lost to an invocation that ends, suspends or
 * crashes before a flush, and no handler needs a flush at its end.
 *
 * Inside the durable workflow, emit only from the body of a step that records the same
 * fact (src/workflow/order-metrics.ts): a step body runs when the fact happens and is
 * not re-run on replay, so an order counts once however often its handler replays.
 */
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { DEFAULT_METRICS_NAMESPACE, METRICS, METRICS_SERVICE, type DimensionsOf, type MetricName } from "./metric-definitions";

type MetricsModule = typeof import("@aws-lambda-powertools/metrics");

let metrics: { instance: Metrics; units: MetricsModule["MetricUnit"] } | undefined;

/**
 * The process's Metrics, created on first emit (the namespace comes from
 * POWERTOOLS_METRICS_NAMESPACE). Required then, not imported: most invocations emit
 * nothing (a worker only on an error, the orchestrator at an order's end), so the
 * module's evaluation stays out of every cold start.
 */
function processMetrics(): NonNullable<typeof metrics> {
  if (!metrics) {
    const { Metrics: MetricsClass, MetricUnit } = require("@aws-lambda-powertools/metrics") as MetricsModule;
    const instance = new MetricsClass({
      namespace: process.env.POWERTOOLS_METRICS_NAMESPACE?.trim() || DEFAULT_METRICS_NAMESPACE,
      serviceName: METRICS_SERVICE,
    });
    metrics = { instance, units: MetricUnit };
  }
  return metrics;
}

/** Writes one data point of `name` with its dimensions, as one EMF line. */
export function emitMetric<M extends MetricName>(name: M, value: number, dimensions: DimensionsOf<M>): void {
  const { instance, units } = processMetrics();
  const single = instance.singleMetric();
  const definition = METRICS[name];
  for (const dimension of definition.dimensions) {
    single.addDimension(dimension, String((dimensions as Record<string, string>)[dimension]));
  }
  single.addMetric(name, units[definition.unit], value);
}

/** A count of one. */
export function countMetric<M extends MetricName>(name: M, dimensions: DimensionsOf<M>): void {
  emitMetric(name, 1, dimensions);
}

/** Whole seconds between two ISO timestamps (never negative), for the Seconds metrics. */
export function secondsBetween(fromIso: string, toIso: string): number {
  const seconds = (Date.parse(toIso) - Date.parse(fromIso)) / 1000;
  return Number.isFinite(seconds) ? Math.max(0, Math.round(seconds * 1000) / 1000) : 0;
}
