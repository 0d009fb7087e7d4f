/**
 * DynamoDB's item size and capacity unit rules (Developer Guide, "Item sizes and formats"
 * and "Read/write capacity mode"):
 * - an attribute costs its name's UTF-8 bytes plus its value;
 * - strings: UTF-8 bytes; binary: raw bytes; null and booleans: 1 byte;
 * - numbers: 1 byte plus 1 per pair of significant digits, the pairs counted from the decimal
 *   point (as DynamoDB stores them in base 100), plus 1 when negative;
 * - sets: the sum of their elements; lists and maps: 3 bytes plus 1 per element plus the elements
 *   (a map element also counts its name);
 * - reads are charged per 4 KB (eventually consistent reads half), writes per 1 KB, at least one unit.
 */
import type { WireAttributeValue, WireItem } from "./dynalite";

const READ_UNIT_BYTES = 4 * 1024;
const WRITE_UNIT_BYTES = 1024;

/** The size of an item as DynamoDB counts it against the 400 KB limit and for capacity, in bytes. */
export function dynamoItemSize(item: WireItem): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name, "utf8") + attributeValueSize(value);
  return size;
}

export function attributeValueSize(value: WireAttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, "utf8");
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return Buffer.from(value.B, "base64").length;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, "utf8"), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + Buffer.from(b, "base64").length, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + dynamoItemSize(value.M);
  return 1; // NULL, BOOL
}

function numberSize(text: string): number {
  const negative = text.trim().startsWith("-");
  const [mantissa = "", exponent = "0"] = text.trim().replace(/^[+-]/, "").toLowerCase().split("e");
  const [integerPart = "", fractionPart = ""] = mantissa.split(".");
  let digits = integerPart + fractionPart;
  // The decimal point sits after `pointAt` digits of `digits`.
  let pointAt = integerPart.length + Number(exponent);
  const leadingZeros = /^0*/.exec(digits)![0].length;
  digits = digits.slice(leadingZeros).replace(/0+$/, "");
  pointAt -= leadingZeros;
  if (digits === "") return 1;
  const firstPower = pointAt - 1;
  const lastPower = pointAt - digits.length;
  const pairs = Math.floor(firstPower / 2) - Math.floor(lastPower / 2) + 1;
  return 1 + pairs + (negative ? 1 : 0);
}

/** Read capacity units for reading `bytes` (the sum of the items a request reads, or one item). */
export function readCapacityUnits(bytes: number, consistent: boolean): number {
  const units = Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));
  return consistent ? units : units / 2;
}

/** Write capacity units for writing an item of `bytes` (for a replace or update, the larger of before and after). */
export function writeCapacityUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / WRITE_UNIT_BYTES));
}

/** Transactions do every item twice (prepare and commit), so they cost double. */
export const TRANSACTION_COST_FACTOR = 2;
