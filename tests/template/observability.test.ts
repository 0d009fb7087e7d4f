/**
 * Alarms, dashboard and tracing in template.yaml, checked against the one list of metrics
 * the code emits (src/observability/metric-definitions.ts): a metric in the business
 * namespace that the code does not emit, or with other dimensions, would alarm on nothing.
 */
import {
  DEFAULT_METRICS_NAMESPACE,
  DIMENSION_VALUES,
  METRICS,
  METRICS_SERVICE,
  type DimensionName,
  type MetricName,
} from "../../src/observability/metric-definitions";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { asList, functionFacts, PROJECT_ROOT, referencedLogicalIds, TEMPLATE } from "./support/template-facts";

const resources = TEMPLATE.Resources;
const alarms = Object.entries(resources).filter(([, r]) => r.Type === "AWS::CloudWatch::Alarm");
const NAMESPACE_REF = JSON.stringify({ Ref: "MetricsNamespace" });

interface MetricUse {
  where: string;
  name: string;
  dimensions: Record<string, unknown>;
}

/** Every metric an alarm reads, single-metric or metric-math, with its dimensions. */
function alarmMetrics(): MetricUse[] {
  return alarms.flatMap(([id, alarm]) => {
    const props = alarm.Properties ?? {};
    const stats = props.MetricName
      ? [{ Namespace: props.Namespace, MetricName: props.MetricName, Dimensions: props.Dimensions }]
      : asList(props.Metrics as Array<{ MetricStat?: { Metric: Record<string, unknown> } }>).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : []));
    return stats
      .filter((metric) => JSON.stringify(metric.Namespace) === NAMESPACE_REF)
      .map((metric) => ({
        where: id,
        name: String(metric.MetricName),
        dimensions: Object.fromEntries(asList(metric.Dimensions as Array<{ Name: string; Value: unknown }>).map((d) => [d.Name, d.Value])),
      }));
  });
}

/** The dashboard's widgets, with `${...}` placeholders kept as their names. */
function dashboardMetrics(): { business: MetricUse[]; all: unknown[][] } {
  const body = (resources.OperationsDashboard?.Properties?.DashboardBody as { "Fn::Sub": string })["Fn::Sub"];
  const parsed = JSON.parse(body.replace(/\$\{([^}]+)\}/g, "$1")) as { widgets: Array<{ properties: { metrics?: unknown[][] } }> };
  const all = parsed.widgets.flatMap((widget) => widget.properties.metrics ?? []);
  const business = all
    .filter((metric) => metric[0] === "MetricsNamespace")
    .map((metric) => {
      const pairs = metric.slice(2).filter((part) => typeof part === "string") as string[];
      const dimensions: Record<string, unknown> = {};
      for (let i = 0; i + 1 < pairs.length; i += 2) dimensions[pairs[i]!] = pairs[i + 1];
      return { where: "OperationsDashboard", name: String(metric[1]), dimensions };
    });
  return { business, all };
}

/** What is wrong with one use of a business metric, if anything. */
function mismatch({ where, name, dimensions }: MetricUse): string | undefined {
  const definition = (METRICS as Record<string, (typeof METRICS)[MetricName]>)[name];
  if (!definition) return `${where}: ${name} is not a metric the code emits`;
  const expected = ["service", ...definition.dimensions].sort();
  if (JSON.stringify(Object.keys(dimensions).sort()) !== JSON.stringify(expected)) return `${where}: ${name} has dimensions ${Object.keys(dimensions)} instead of ${expected}`;
  if (dimensions.service !== METRICS_SERVICE) return `${where}: ${name} service=${String(dimensions.service)}`;
  for (const dimension of definition.dimensions as readonly DimensionName[]) {
    if (!(DIMENSION_VALUES[dimension] as readonly string[]).includes(String(dimensions[dimension]))) return `${where}: ${name} ${dimension}=${String(dimensions[dimension])} is never emitted`;
  }
  return undefined;
}

describe("alarms", () => {
  it("read only metrics the code emits, with exactly their dimensions and values", () => {
    const uses = alarmMetrics();
    expect(uses.length).toBeGreaterThan(5);
    expect(uses.map(mismatch).filter(Boolean)).toEqual([]);
  });

  it("all notify the alarm topic, on alarm and on recovery, and treat missing data as fine", () => {
    const wrong = alarms.filter(([, alarm]) => {
      const props = alarm.Properties ?? {};
      return !asList(props.AlarmActions).some((action) => referencedLogicalIds(action).includes("AlarmTopic"))
        || !asList(props.OKActions).some((action) => referencedLogicalIds(action).includes("AlarmTopic"))
        || props.TreatMissingData !== "notBreaching";
    });
    expect(wrong.map(([id]) => id)).toEqual([]);
  });

  it("cover every function's errors and throttles", () => {
    const watched = (fn: string, metric: string) =>
      alarms.some(([, alarm]) =>
        asList(alarm.Properties?.Metrics as Array<{ MetricStat?: { Metric: { MetricName: string; Dimensions: Array<{ Value: unknown }> } } }>).some(
          (m) => m.MetricStat?.Metric.MetricName === metric && m.MetricStat.Metric.Dimensions.some((d) => referencedLogicalIds(d.Value).includes(fn)),
        ),
      );
    const missing = functionFacts().flatMap((fn) => ["Errors", "Throttles"].filter((metric) => !watched(fn.logicalId, metric)).map((metric) => `${fn.logicalId} ${metric}`));
    expect(missing).toEqual([]);
  });

  it("watch the orchestrator's unexplained failed and timed-out executions, unexpected failures, failed compensations, API 5xx, approvals waiting too long and stranded orders", () => {
    const reads = (metric: string) => JSON.stringify(alarms).includes(`"${metric}"`);
    expect(["DurableExecutionFailed", "DurableExecutionTimedOut", "5XXError", "CompensationsRun", "OrdersAwaitingApprovalTooLong", "StrandedOrdersFound"].filter((m) => !reads(m))).toEqual([]);
    const unexpected = alarmMetrics().filter((use) => use.name === "OrdersFailed" && use.dimensions.Reason === "unexpected").map((use) => use.where);
    expect(unexpected).toContain("OrdersFailedUnexpectedlyAlarm");
  });

  it("subtract every recorded failure reason from the failed executions, so that only unexplained ones alarm", () => {
    const reasons = alarmMetrics().filter((use) => use.where === "OrderWorkflowUnexplainedFailuresAlarm").map((use) => use.dimensions.Reason);
    expect([...reasons].sort()).toEqual([...DIMENSION_VALUES.Reason].sort());
  });
});

describe("the alarm topic", () => {
  it("is encrypted, and subscribes an e-mail address only when AlarmEmail is given", () => {
    expect(resources.AlarmTopic?.Properties?.KmsMasterKeyId).toBe("alias/aws/sns");
    expect(resources.AlarmEmailSubscription).toMatchObject({ Condition: "HasAlarmEmail", Properties: { Protocol: "email", Endpoint: { Ref: "AlarmEmail" } } });
    expect(TEMPLATE.Parameters?.AlarmEmail?.Default).toBe("");
  });
});

describe("the dashboard", () => {
  it("shows every business metric, each with the dimensions the code emits", () => {
    const { business } = dashboardMetrics();
    expect(business.map(mismatch).filter(Boolean)).toEqual([]);
    expect(Object.keys(METRICS).filter((name) => !business.some((use) => use.name === name))).toEqual([]);
  });

  it("shows each worker's latency percentiles and every function's errors", () => {
    const { all } = dashboardMetrics();
    const lambda = (metric: string) => all.filter((m) => m[0] === "AWS/Lambda" && m[1] === metric).map((m) => String(m[3]));
    for (const worker of ["InventoryFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"]) {
      expect(lambda("Duration").filter((fn) => fn === worker)).toHaveLength(2);
    }
    expect(functionFacts().map((fn) => fn.logicalId).filter((fn) => !lambda("Errors").includes(fn))).toEqual([]);
  });
});

describe("metrics, logs and traces configuration", () => {
  const globals = TEMPLATE.Globals?.Function ?? {};
  const variables = (globals.Environment as { Variables: Record<string, unknown> }).Variables;

  it("gives every function the metrics namespace, log level and debug sample rate from parameters", () => {
    expect(variables).toMatchObject({
      POWERTOOLS_METRICS_NAMESPACE: { Ref: "MetricsNamespace" },
      POWERTOOLS_LOG_LEVEL: { Ref: "LogLevel" },
      POWERTOOLS_LOGGER_SAMPLE_RATE: { Ref: "DebugLogSampleRate" },
    });
    expect(TEMPLATE.Parameters?.MetricsNamespace?.Default).toBe(DEFAULT_METRICS_NAMESPACE);
  });

  it("leaves Lambda's own log filter open (DEBUG), so that sampled debug lines are kept", () => {
    expect(globals.LoggingConfig).toMatchObject({ LogFormat: "JSON", ApplicationLogLevel: "DEBUG" });
  });

  it("traces every function (Tracing: Active, never overridden) and the API stage", () => {
    expect(globals.Tracing).toBe("Active");
    expect(functionFacts().filter((fn) => fn.properties.Tracing !== undefined && fn.properties.Tracing !== "Active").map((fn) => fn.logicalId)).toEqual([]);
    const apis = Object.entries(resources).filter(([, r]) => r.Type === "AWS::Serverless::Api");
    expect(apis.filter(([, api]) => api.Properties?.TracingEnabled !== true).map(([id]) => id)).toEqual([]);
  });

  it("emits metrics as EMF log lines: no function may call CloudWatch, SNS or X-Ray itself", () => {
    const granted = functionFacts().flatMap((fn) =>
      asList((fn.properties.Policies ?? []) as Array<{ Statement?: Array<{ Action: string | string[] }> }>)
        .flatMap((policy) => asList(policy.Statement))
        .flatMap((statement) => asList(statement.Action))
        .filter((action) => /^(cloudwatch|sns|xray|logs):/.test(action))
        .map((action) => `${fn.logicalId} ${action}`),
    );
    expect(granted).toEqual([]);
  });
});

describe("README's metrics table", () => {
  it("lists every metric the code emits, with its unit and dimensions", () => {
    const readme = readFileSync(resolve(PROJECT_ROOT, "README.md"), "utf8");
    const wrong = (Object.entries(METRICS) as Array<[string, (typeof METRICS)[MetricName]]>).filter(([name, definition]) => {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${name}\` |`));
      if (!row) return true;
      const [, unit, dimensions] = row.split("|").map((cell) => cell.trim()).slice(1);
      const listed = [...(dimensions ?? "").matchAll(/`([A-Za-z]+)` \(/g)].map((m) => m[1]);
      return unit !== definition.unit || JSON.stringify(listed) !== JSON.stringify(definition.dimensions);
    });
    expect(wrong.map(([name]) => name)).toEqual([]);
  });
});
