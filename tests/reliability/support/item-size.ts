/**
 * DynamoDB's item size, from a document-client item: attribute names plus values, as
 * DynamoDB counts them for the 400 KB limit and for capacity units (strings and names
 * in UTF-8 bytes, numbers about 1 byte per 2 digits plus 1, 3 bytes of overhead for
 * lists and maps and 1 per element).
 */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: unknown): number {
  if (value === null || value === undefined) return 1;
  if (typeof value === "boolean") return 1;
  if (typeof value === "string") return Buffer.byteLength(value);
  if (typeof value === "number") return Math.ceil(String(Math.abs(value)).replace(/^0\.|\./, "").replace(/^0+/, "").length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + 1 + valueSize(element), 0);
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueSize(element), 0);
  if (typeof value === "object") return 3 + Object.entries(value as Record<string, unknown>).reduce((sum, [name, v]) => sum + 1 + Buffer.byteLength(name) + valueSize(v), 0);
  return 0;
}

/** The largest item of each table, in bytes. */
export function largestItems(tables: Readonly<Record<string, ReadonlyArray<Record<string, unknown>>>>): Record<string, number> {
  return Object.fromEntries(Object.entries(tables).map(([table, items]) => [table, Math.max(0, ...items.map(itemSize))]));
}
