import { Defaults } from "./constants";
import { InvalidParameterValueError } from "./errors";

/** Markers are the index of the next item, as a string. */
export function page<T>(items: T[], marker: string | undefined, maxItems: number | undefined): { items: T[]; nextMarker?: string } {
  const start = marker ? Number.parseInt(marker, 10) : 0;
  if (!Number.isInteger(start) || start < 0) throw new InvalidParameterValueError(`Invalid Marker: ${marker}`);
  const size = maxItems && maxItems > 0 ? maxItems : Defaults.pageSize;
  const slice = items.slice(start, start + size);
  const next = start + slice.length;
  return { items: slice, ...(next < items.length && { nextMarker: String(next) }) };
}
