/** CPU time of this process and of its main thread alone (Linux: /proc/self/task/<pid>/stat), in ms. */
import { readFileSync } from "node:fs";

/** clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

export interface CpuSnapshot {
  processMs: number;
  /** Undefined where /proc is not available. */
  mainThreadMs?: number;
}

export function cpuSnapshot(): CpuSnapshot {
  const usage = process.cpuUsage();
  const mainThreadMs = mainThreadCpuMs();
  return { processMs: (usage.user + usage.system) / 1000, ...(mainThreadMs !== undefined ? { mainThreadMs } : {}) };
}

export function cpuSince(before: CpuSnapshot): CpuSnapshot {
  const now = cpuSnapshot();
  return {
    processMs: now.processMs - before.processMs,
    ...(now.mainThreadMs !== undefined && before.mainThreadMs !== undefined ? { mainThreadMs: now.mainThreadMs - before.mainThreadMs } : {}),
  };
}

function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}
