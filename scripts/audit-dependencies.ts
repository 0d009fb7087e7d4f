/**
 * `npm run audit:deps`: no high or critical advisory in the production dependencies.
 *
 * It needs the npm registry's audit endpoint, which is why it is not part of `npm test`:
 * where that endpoint cannot be reached it exits 2 and says so, rather than passing
 * without an answer. Exit 1: a high or critical advisory; exit 0: none.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

interface AuditReport {
  message?: string;
  error?: { code?: string; summary?: string; detail?: string };
  metadata?: { vulnerabilities?: Record<string, number> };
  vulnerabilities?: Record<string, { severity: string }>;
}

const result = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: resolve(__dirname, ".."), encoding: "utf8", maxBuffer: 32 * 1024 * 1024 });
let report: AuditReport | undefined;
try {
  report = JSON.parse(result.stdout) as AuditReport;
} catch {
  report = undefined;
}
if (!report || report.error || !report.metadata?.vulnerabilities) {
  const why = [report?.message, report?.error?.code, report?.error?.summary].filter(Boolean).join(" | ") || result.stderr.slice(0, 500);
  console.error(`audit:deps could not check the dependencies (the registry's audit endpoint must be reachable): ${why}`);
  process.exit(2);
}
const serious = Object.entries(report.vulnerabilities ?? {})
  .filter(([, advisory]) => advisory.severity === "high" || advisory.severity === "critical")
  .map(([name, advisory]) => `${name} (${advisory.severity})`);
if (serious.length > 0) {
  console.error(`audit:deps: ${serious.length} high or critical: ${serious.join(", ")}`);
  process.exit(1);
}
console.log(`audit:deps: no high or critical advisory (${JSON.stringify(report.metadata.vulnerabilities)})`);
