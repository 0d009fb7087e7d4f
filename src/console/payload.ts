/**
 * Payloads as a person reads them: JSON pretty-printed, anything else as it is, and
 * a large one cut at a fixed size with a note of how much was left out (a checkpoint
 * can hold 256 KB, a page should not).
 */

export const PAYLOAD_DISPLAY_LIMIT = 8 * 1024;

export interface DisplayedPayload {
  text: string;
  /** Characters of the pretty-printed text that were left out. */
  omitted: number;
  /** The service itself truncated the payload (`Truncated: true` in the history). */
  truncatedByService: boolean;
}

export function displayPayload(raw: string | undefined, options: { limit?: number; truncatedByService?: boolean } = {}): DisplayedPayload {
  const limit = options.limit ?? PAYLOAD_DISPLAY_LIMIT;
  const pretty = prettyText(raw ?? "");
  const cut = pretty.length > limit;
  return { text: cut ? pretty.slice(0, limit) : pretty, omitted: cut ? pretty.length - limit : 0, truncatedByService: options.truncatedByService === true };
}

/** A value (an ErrorObject, say) shown the same way. */
export function displayValue(value: unknown, limit?: number): DisplayedPayload {
  return displayPayload(JSON.stringify(value), limit === undefined ? {} : { limit });
}

function prettyText(raw: string): string {
  const trimmed = raw.trim();
  if (trimmed === "") return "";
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return raw;
  }
}
