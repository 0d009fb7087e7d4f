/** The targets, checked against the measured figures and printed beside them. */

export interface Target {
  /** Shown in the table, e.g. "≥ 2.7x". */
  label: string;
  met(value: number): boolean;
}

export const atLeast = (limit: number, unit = ""): Target => ({ label: `>= ${limit}${unit}`, met: (v) => v >= limit });
export const below = (limit: number, unit = ""): Target => ({ label: `< ${limit}${unit}`, met: (v) => v < limit });
export const exactly = (value: number): Target => ({ label: `= ${value}`, met: (v) => v === value });

export const TARGETS = {
  parallelSpeedup: atLeast(2.7, "x"),
  msPerStepAt100: below(2, " ms"),
  throughputErrors: exactly(0),
  ordersPerSecond: atLeast(50, "/s"),
  postP99Ms: below(50, " ms"),
  orchestratorBundleBytes: below(300 * 1024, " B (300 KB)"),
  workerBundleBytes: below(50 * 1024, " B (50 KB)"),
} as const;
