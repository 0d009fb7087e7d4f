/** Turns benchmark reports into the one table, the Markdown table and latest.json. */
import { loadavg } from "node:os";
import type { MachineInfo } from "./machine";
import { describeMachine } from "./machine";
import { explainMisses } from "./explain";
import type { BenchmarkReport, BenchSize } from "./report";
import { renderMarkdownTable, renderTable, type Cell } from "./table";

export interface BenchFailure {
  key: string;
  error: string;
}

export interface RunRecord {
  size: BenchSize;
  startedAt: string;
  durationS: number;
  machine: MachineInfo & { loadAverage1mAtStart: number; loadAverage1mAfter?: Record<string, number> };
  reports: Array<BenchmarkReport<unknown>>;
  failures: BenchFailure[];
}

const HEADER = ["Benchmark", "Figure", "Value", "Unit", "Target", "Met"] as const;

function rows(record: RunRecord): Cell[][] {
  return record.reports.flatMap((report) =>
    report.rows.map((row): Cell[] => [
      report.title,
      row.figure,
      row.value,
      row.unit,
      row.target?.label ?? "",
      row.target ? (row.target.met(row.value) ? "pass" : "MISS") : "",
    ]),
  );
}

export function currentLoad(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

function loadLine(record: RunRecord): string {
  const after = Object.entries(record.machine.loadAverage1mAfter ?? {}).map(([key, load]) => `${key} ${load}`);
  return `load average (1 min) ${record.machine.loadAverage1mAtStart} at start${after.length ? `; after ${after.join(", ")}` : ""}`;
}

export function renderConsole(record: RunRecord): string {
  const lines = [
    `Machine: ${describeMachine(record.machine)}; ${loadLine(record)}`,
    `Run: ${record.size} (${record.startedAt}, ${record.durationS} s)`,
    "",
    renderTable(HEADER, rows(record)),
    "",
    "Method",
    ...record.reports.flatMap((report) => [`  ${report.title}:`, ...report.method.map((m) => `    - ${m}`)]),
  ];
  const assumptions = costAssumptions(record);
  if (assumptions.length > 0) lines.push("", "Cost assumptions", ...assumptions.map((a) => `    - ${a}`));
  const misses = explainMisses(record.reports, record.machine.cores);
  if (misses.length > 0) lines.push("", "Why the missed targets were missed (from this run's figures)", ...misses.map((m) => `  ${m.benchmark}, ${m.figure}:\n    ${m.why}`));
  if (record.failures.length > 0) lines.push("", "FAILED", ...record.failures.map((f) => `  ${f.key}: ${f.error}`));
  return lines.join("\n");
}

export function renderMarkdown(record: RunRecord): string {
  return [
    `Machine: ${describeMachine(record.machine)}; ${loadLine(record)}. Run: \`${record.size}\`, ${record.startedAt}, ${record.durationS} s.`,
    "",
    renderMarkdownTable(HEADER, rows(record)),
    ...explainMisses(record.reports, record.machine.cores).flatMap((m, i) => [...(i === 0 ? ["", "Why the missed targets were missed (from this run's figures):", ""] : []), `- **${m.benchmark}, ${m.figure}**: ${m.why}`]),
  ].join("\n");
}

function costAssumptions(record: RunRecord): string[] {
  const cost = record.reports.find((report) => report.key === "cost")?.result as { assumptions?: string[] } | undefined;
  return cost?.assumptions ?? [];
}

/** latest.json: each benchmark's result under its key, plus how and where it was measured. */
export function toJson(record: RunRecord): Record<string, unknown> {
  return {
    generatedAt: record.startedAt,
    size: record.size,
    durationS: record.durationS,
    machine: record.machine,
    ...Object.fromEntries(record.reports.map((report) => [report.key, report.result])),
    methods: Object.fromEntries(record.reports.map((report) => [report.key, report.method])),
    targets: record.reports.flatMap((report) =>
      report.rows
        .filter((row) => row.target)
        .map((row) => ({ benchmark: report.key, figure: row.figure, value: row.value, target: row.target!.label, met: row.target!.met(row.value) })),
    ),
    misses: explainMisses(record.reports, record.machine.cores),
    failures: record.failures,
  };
}
