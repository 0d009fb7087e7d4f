/**
 * The re-driver Lambda: runs on a schedule (template.yaml, OrderRedriverFunction) and
 * starts the workflow of every order that was stored but never started.
 */
import type { ScheduledEvent } from "aws-lambda";
import { redriverConfig } from "./config";
import { redriveStrandedOrders, type RedriveReport } from "./redrive-stranded-orders";

export async function handler(_event: ScheduledEvent): Promise<RedriveReport> {
  const report = await redriveStrandedOrders(redriverConfig());
  // Identifiers and counts only: the orders' contact data never reaches a log.
  console.log(JSON.stringify({ level: report.found > 0 ? "WARN" : "INFO", message: "stranded orders re-driven", ...report }));
  return report;
}
