/**
 * JSON with object keys sorted at every level and undefined members left out, so the
 * same value always gives the same bytes, however it was built or where it was stored
 * (DynamoDB does not keep the key order of a map).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  // Written as a string directly, so a `__proto__` key stays plain data.
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}
