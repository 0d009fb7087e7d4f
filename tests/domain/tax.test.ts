import fc from "fast-check";
import { isUsStateCode, STATE_TAX_BASIS_POINTS, taxCents, taxRateBasisPoints, US_STATE_CODES, type UsStateCode } from "../../src/domain/tax";

describe("tax table", () => {
  it("covers the 50 states and DC", () => {
    expect(US_STATE_CODES).toHaveLength(51);
    expect(isUsStateCode("DC")).toBe(true);
    expect(isUsStateCode("PR")).toBe(false);
    expect(isUsStateCode("ca")).toBe(false);
    expect(isUsStateCode("toString")).toBe(false);
  });

  it("charges California 7.25 % and New York 4 %", () => {
    expect(taxRateBasisPoints("CA")).toBe(725);
    expect(taxRateBasisPoints("NY")).toBe(400);
    expect(taxCents(10_000, "CA")).toBe(725);
    expect(taxCents(10_000, "NY")).toBe(400);
    // $79.98: 579.855 cents in CA rounds to 580; 319.92 in NY rounds to 320.
    expect(taxCents(7998, "CA")).toBe(580);
    expect(taxCents(7998, "NY")).toBe(320);
  });

  it("rounds half a cent up", () => {
    expect(taxCents(200, "CA")).toBe(15); // 14.5
    expect(taxCents(100, "MN")).toBe(7); // 6.875
    expect(taxCents(1, "NY")).toBe(0); // 0.04
  });

  it("charges nothing in states without sales tax", () => {
    for (const state of ["AK", "DE", "MT", "NH", "OR"] as const) expect(taxCents(123_456, state)).toBe(0);
  });

  it("keeps every rate a whole number of tenths of a basis point", () => {
    for (const rate of Object.values(STATE_TAX_BASIS_POINTS)) expect(Number.isInteger(rate * 10)).toBe(true);
  });

  it("is never negative, never above the rate, and grows with the subtotal", () => {
    const state = fc.constantFrom<UsStateCode>(...US_STATE_CODES);
    const cents = fc.integer({ min: 0, max: 5_000_000_000_000 });
    fc.assert(
      fc.property(state, cents, cents, (code, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const taxLow = taxCents(low, code);
        expect(Number.isSafeInteger(taxLow)).toBe(true);
        expect(taxLow).toBeGreaterThanOrEqual(0);
        expect(taxLow).toBeLessThanOrEqual(Math.ceil((low * taxRateBasisPoints(code)) / 10_000));
        expect(taxCents(high, code)).toBeGreaterThanOrEqual(taxLow);
      }),
    );
  });

  it("refuses a negative subtotal and an unknown state", () => {
    expect(() => taxCents(-1, "CA")).toThrow(RangeError);
    expect(() => taxCents(100, "ZZ" as UsStateCode)).toThrow(/not a US state code/);
  });
});
