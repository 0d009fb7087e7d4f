/**
 * Money is held as an integer number of US cents everywhere inside the system.
 * The API speaks dollars; conversion happens once, at the edge, through strings,
 * so binary floating point never rounds a price.
 */

/** An integer number of US cents. */
export type Cents = number;

const DOLLARS_PATTERN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

export class MoneyFormatError extends RangeError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "MoneyFormatError";
  }
}

/**
 * Converts a dollar amount with at most two decimals to cents, exactly.
 * A number is read through its shortest decimal form (`String(12.34) === "12.34"`),
 * so `0.1 + 0.2` is refused (it is 0.30000000000000004) rather than silently rounded.
 */
export function dollarsToCents(amount: string | number): Cents {
  if (typeof amount === "number" && !Number.isFinite(amount)) throw new MoneyFormatError(`not a finite amount: ${amount}`);
  const text = typeof amount === "number" ? String(amount) : amount.trim();
  const match = DOLLARS_PATTERN.exec(text);
  if (!match) throw new MoneyFormatError(`not a dollar amount with at most 2 decimals: ${JSON.stringify(text)}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (!Number.isSafeInteger(cents)) throw new MoneyFormatError(`amount out of range: ${text}`);
  return sign && cents !== 0 ? -cents : cents;
}

/** True when the value has at most two decimals and converts exactly. */
export function isDollarAmount(amount: string | number): boolean {
  try {
    dollarsToCents(amount);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cents to a dollar number for JSON. Dividing an integer by 100 yields the double
 * nearest the decimal value, which is the same double that parsing "12.34" yields.
 */
export function centsToDollars(cents: Cents): number {
  assertCents(cents);
  return cents / 100;
}

/** "$1,234.50" — for messages and docs, never for arithmetic. */
export function formatUsd(cents: Cents): string {
  assertCents(cents);
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}$${whole}.${String(abs % 100).padStart(2, "0")}`;
}

export function isCents(value: unknown): value is Cents {
  return typeof value === "number" && Number.isSafeInteger(value);
}

export function assertCents(value: unknown): asserts value is Cents {
  if (!isCents(value)) throw new MoneyFormatError(`not an integer number of cents: ${String(value)}`);
}

/** Sum of cents that refuses to leave the safe-integer range. */
export function sumCents(values: readonly Cents[]): Cents {
  let total = 0;
  for (const value of values) {
    assertCents(value);
    total += value;
  }
  assertCents(total);
  return total;
}

/** quantity × unit price, exact. */
export function multiplyCents(unitCents: Cents, quantity: number): Cents {
  assertCents(unitCents);
  if (!Number.isSafeInteger(quantity)) throw new MoneyFormatError(`quantity must be an integer: ${quantity}`);
  const product = unitCents * quantity;
  assertCents(product);
  return product;
}
