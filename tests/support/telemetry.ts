/**
 * Reads what Powertools writes (tests run it in dev mode, through the global console):
 * EMF lines (metrics) and JSON log lines, parsed.
 */

export interface EmfLine {
  _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string; Unit: string }> }> };
  [key: string]: unknown;
}

export interface Telemetry {
  /** Every EMF line written since the capture started. */
  readonly metrics: EmfLine[];
  /** Every log line (Powertools JSON) written since the capture started. */
  readonly logs: Array<Record<string, unknown>>;
  /** Every line as written, for searches of the raw text. */
  readonly raw: string[];
  /** Data points per metric name, with their dimensions, e.g. `OrdersFailed{Reason=declined}`. */
  counts(): Record<string, number>;
  clear(): void;
  stop(): void;
}

const METHODS = ["log", "info", "warn", "error", "debug"] as const;

export function captureTelemetry(): Telemetry {
  const metrics: EmfLine[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const spies = METHODS.map((method) =>
    jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      const text = args.map(String).join(" ");
      raw.push(text);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return;
      }
      if (typeof parsed !== "object" || parsed === null) return;
      if ("_aws" in parsed) metrics.push(parsed as EmfLine);
      else logs.push(parsed as Record<string, unknown>);
    }),
  );
  return {
    metrics,
    logs,
    raw,
    counts: () => countDataPoints(metrics),
    clear: () => {
      metrics.length = 0;
      logs.length = 0;
      raw.length = 0;
    },
    stop: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** `Name{Dim=value,...}` (dimensions other than `service`, sorted) -> number of EMF lines carrying it. */
export function countDataPoints(lines: readonly EmfLine[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    for (const directive of line._aws.CloudWatchMetrics) {
      const dimensions = directive.Dimensions.flat().filter((name) => name !== "service").sort();
      const suffix = dimensions.length ? `{${dimensions.map((name) => `${name}=${String(line[name])}`).join(",")}}` : "";
      for (const metric of directive.Metrics) counts[`${metric.Name}${suffix}`] = (counts[`${metric.Name}${suffix}`] ?? 0) + 1;
    }
  }
  return counts;
}
