/**
 * The orders list's page cursor: where the walk stopped, as an opaque URL-safe string.
 * It comes back from the browser, so it is checked field by field like any input.
 */
import { ConsoleInputError } from "../errors";

export interface IndexCursor {
  source: "index";
  /** The UTC day (YYYY-MM-DD) to carry on in. */
  day: string;
  /** The last order shown from that day; absent = from the day's newest. */
  after?: { createdAt: string; orderId: string };
  /** Days in a row already found empty. */
  emptyDays: number;
}

export interface ScanCursor {
  source: "scan";
  after?: { orderId: string };
}

export type OrdersCursor = IndexCursor | ScanCursor;

export function encodeCursor(cursor: OrdersCursor): string {
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

export function decodeCursor(text: string): OrdersCursor {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!isRecord(value)) throw invalid();
  if (value.source === "scan") {
    if (value.after === undefined) return { source: "scan" };
    if (isRecord(value.after) && isText(value.after.orderId)) return { source: "scan", after: { orderId: value.after.orderId } };
    throw invalid();
  }
  if (value.source !== "index" || typeof value.day !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value.day) || Number.isNaN(Date.parse(value.day))) throw invalid();
  if (!Number.isInteger(value.emptyDays) || (value.emptyDays as number) < 0) throw invalid();
  const cursor: IndexCursor = { source: "index", day: value.day, emptyDays: value.emptyDays as number };
  if (value.after === undefined) return cursor;
  if (!isRecord(value.after) || !isText(value.after.createdAt) || !isText(value.after.orderId)) throw invalid();
  return { ...cursor, after: { createdAt: value.after.createdAt, orderId: value.after.orderId } };
}

function invalid(): ConsoleInputError {
  return new ConsoleInputError("cursor", "cursor is not one this console handed out; start again from the first page");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= 200;
}
