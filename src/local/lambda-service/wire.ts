import type { StoredEvent, StoredOperation } from "./types";

/**
 * Stored timestamps are epoch ms. REST bodies carry epoch seconds (restJson1's default); the invocation
 * event carries ISO strings because the SDK parses them with `new Date(v)`.
 */
type TimestampFormat = "epoch-seconds" | "iso";

function convertTimestamps<T>(value: T, format: TimestampFormat, keepPayloads: boolean): T {
  if (Array.isArray(value)) return value.map((item: unknown) => convertTimestamps(item, format, keepPayloads)) as T;
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!keepPayloads && (key === "Payload" || key === "InputPayload")) continue;
    if (key.endsWith("Timestamp") && typeof field === "number") {
      out[key] = format === "iso" ? new Date(field).toISOString() : field / 1000;
    } else {
      out[key] = convertTimestamps(field, format, keepPayloads);
    }
  }
  return out as T;
}

export function operationForRest(op: StoredOperation): Record<string, unknown> {
  return convertTimestamps(op, "epoch-seconds", true) as unknown as Record<string, unknown>;
}

export function operationForEvent(op: StoredOperation): Record<string, unknown> {
  return convertTimestamps(op, "iso", true) as unknown as Record<string, unknown>;
}

export function eventForRest(event: StoredEvent, includeExecutionData: boolean): Record<string, unknown> {
  return convertTimestamps(event, "epoch-seconds", includeExecutionData) as unknown as Record<string, unknown>;
}

export const epochSeconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
