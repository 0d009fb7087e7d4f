/** What every benchmark hands back to the runner: figures for the table, a method, and its JSON result. */
import type { Target } from "./targets";

/** smoke: the smallest size, for `npm test`; quick: `--quick`; full: the published figures. */
export type BenchSize = "smoke" | "quick" | "full";

export interface BenchOptions {
  size: BenchSize;
  /** Progress lines (stderr), so the table on stdout stays clean. */
  log?: (line: string) => void;
}

export interface FigureRow {
  figure: string;
  value: number;
  unit: string;
  target?: Target;
}

export interface BenchmarkReport<TResult> {
  /** The key of its result in latest.json. */
  key: string;
  title: string;
  /** How it was measured, one sentence a line. */
  method: string[];
  rows: FigureRow[];
  result: TResult;
}

export function quietLog(options: BenchOptions): (line: string) => void {
  return options.log ?? (() => undefined);
}
