import fc from "fast-check";
import { centsToDollars, dollarsToCents, formatUsd, sumCents } from "../../src/domain/money";

describe("money", () => {
  it("converts dollars to exact cents from numbers and strings", () => {
    expect(dollarsToCents(12.34)).toBe(1234);
    expect(dollarsToCents("12.34")).toBe(1234);
    expect(dollarsToCents(0.29)).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(dollarsToCents("7")).toBe(700);
    expect(dollarsToCents("0.5")).toBe(50);
  });

  it("refuses amounts with more than two decimals instead of rounding them", () => {
    expect(() => dollarsToCents(1.234)).toThrow(/at most 2 decimals/);
    expect(() => dollarsToCents(0.1 + 0.2)).toThrow(/at most 2 decimals/);
    expect(() => dollarsToCents(Number.NaN)).toThrow();
    expect(() => dollarsToCents("12,34")).toThrow();
  });

  it("round-trips any cent amount through dollars without drift", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000_00 }), (cents) => {
        expect(dollarsToCents(centsToDollars(cents))).toBe(cents);
      }),
    );
  });

  it("round-trips any two-decimal dollar string to the same printed value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 99 }), (whole, fraction) => {
        const text = `${whole}.${String(fraction).padStart(2, "0")}`;
        expect(centsToDollars(dollarsToCents(text)).toFixed(2)).toBe(text);
      }),
    );
  });

  it("adds many prices in cents without the drift of adding dollars", () => {
    const tenCents = Array.from({ length: 10 }, () => dollarsToCents(0.1));
    expect(sumCents(tenCents)).toBe(100);
    expect(centsToDollars(sumCents(tenCents))).toBe(1);
  });

  it("formats cents as US dollars", () => {
    expect(formatUsd(123456)).toBe("$1,234.56");
    expect(formatUsd(5)).toBe("$0.05");
    expect(formatUsd(-250)).toBe("-$2.50");
  });
});
