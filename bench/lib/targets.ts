/** The targets, checked against the measured figures and printed beside them. */

export interface Target {
  /** Shown in the table, e.g. "≥ 2.7x". */
  label: string;
  /** The number in the label, for the explanations of a miss. */
  limit: number;
  met(value: number): boolean;
}

export const atLeast = (limit: number, unit = ""): Target => ({ label: `>= ${limit}${unit}`, limit, met: (v) => v >= limit });
export const atMost = (limit: number, unit = ""): Target => ({ label: `<= ${limit}${unit}`, limit, met: (v) => v <= limit });
export const below = (limit: number, unit = ""): Target => ({ label: `< ${limit}${unit}`, limit, met: (v) => v < limit });
export const exactly = (value: number): Target => ({ label: `= ${value}`, limit: value, met: (v) => v === value });

/** Issue 13 ("a local stack ten times faster") set the overhead, throughput, CPU, POST and orchestrator figures. */
export const TARGETS = {
  parallelSpeedup: atLeast(2.7, "x"),
  msPerStepAt100: atMost(1, " ms"),
  throughputErrors: exactly(0),
  /** At K = 200 on 2 cores. */
  ordersPerSecond: atLeast(40, "/s"),
  cpuMsPerOrder: atMost(50, " ms"),
  /** One at a time and with K = 50 at once. */
  postP99Ms: atMost(50, " ms"),
  orchestratorBundleBytes: atMost(450_000, " B (450 KB)"),
  orchestratorInitMs: atMost(100, " ms"),
  workerBundleBytes: below(50 * 1024, " B (50 KB)"),
} as const;
