/**
 * `npm run local -- metrics`: the business metrics the functions wrote, read back from
 * their EMF lines in `<data-dir>/logs/*.log` (where the local stack keeps each function's
 * output), as CloudWatch would aggregate them: data points and sum per metric and
 * dimensions, and percentiles for the durations.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FUNCTION_LOGS_DIR } from "../function-logs";
import type { CliIo } from "./io";

/** One data point of an EMF line. */
export interface MetricPoint {
  name: string;
  unit: string;
  /** Dimension name=value pairs besides `service`, sorted by name. */
  dimensions: string;
  value: number;
}

interface EmfDirective {
  Dimensions?: string[][];
  Metrics?: Array<{ Name?: string; Unit?: string }>;
}

/** The data points of one log line, or none when it is not an EMF line. */
export function emfPoints(line: string): MetricPoint[] {
  if (!line.includes('"_aws"')) return [];
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [];
  }
  const directives = ((record._aws as { CloudWatchMetrics?: EmfDirective[] } | undefined)?.CloudWatchMetrics ?? []);
  return directives.flatMap((directive) => {
    const names = [...new Set((directive.Dimensions ?? []).flat())].filter((name) => name !== "service").sort();
    const dimensions = names.map((name) => `${name}=${String(record[name])}`).join(",");
    return (directive.Metrics ?? []).flatMap(({ Name, Unit }) => {
      const values = Name === undefined ? [] : ([] as unknown[]).concat(record[Name]);
      return values.filter((value): value is number => typeof value === "number").map((value) => ({ name: Name!, unit: Unit ?? "None", dimensions, value }));
    });
  });
}

export interface MetricSummary {
  name: string;
  dimensions: string;
  unit: string;
  count: number;
  sum: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function summarise(points: readonly MetricPoint[]): MetricSummary[] {
  const groups = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const key = `${point.name}\u0000${point.dimensions}`;
    groups.set(key, [...(groups.get(key) ?? []), point]);
  }
  return [...groups.values()]
    .map((group) => {
      const values = group.map((point) => point.value).sort((a, b) => a - b);
      const { name, dimensions, unit } = group[0]!;
      return {
        name,
        dimensions,
        unit,
        count: values.length,
        sum: values.reduce((total, value) => total + value, 0),
        p50: percentile(values, 50),
        p90: percentile(values, 90),
        p99: percentile(values, 99),
        max: values[values.length - 1] ?? 0,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.dimensions.localeCompare(b.dimensions));
}

/** Every data point in the kept function logs, with the function that wrote it. */
export function readFunctionMetrics(dataDir: string): Array<MetricPoint & { functionName: string }> {
  const dir = join(dataDir, FUNCTION_LOGS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".log"))
    .flatMap((file) =>
      readFileSync(join(dir, file), "utf8")
        .split("\n")
        .flatMap((line) => emfPoints(line).map((point) => ({ ...point, functionName: file.slice(0, -".log".length) }))),
    );
}

const round = (value: number) => String(Math.round(value * 1000) / 1000);

export function formatMetricsTable(summaries: readonly MetricSummary[]): string {
  const header = ["METRIC", "DIMENSIONS", "UNIT", "POINTS", "SUM", "P50", "P90", "P99", "MAX"];
  const rows = summaries.map((s) => {
    const timed = s.unit !== "Count";
    return [s.name, s.dimensions || "-", s.unit, String(s.count), round(s.sum), ...(timed ? [s.p50, s.p90, s.p99, s.max].map(round) : ["", "", "", ""])];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

export function runMetricsCommand(dataDir: string, io: CliIo, functionName?: string): number {
  const points = readFunctionMetrics(dataDir).filter((point) => functionName === undefined || point.functionName === functionName);
  if (points.length === 0) {
    io.out(`No metrics yet in ${join(dataDir, FUNCTION_LOGS_DIR)} (the local stack writes them there while \`npm run dev\` runs orders).`);
    return 0;
  }
  io.out(formatMetricsTable(summarise(points)));
  return 0;
}
