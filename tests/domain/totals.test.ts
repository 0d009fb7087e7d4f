import fc from "fast-check";
import { computeTotals, totalsInDollars } from "../../src/domain/totals";

describe("order totals", () => {
  it("adds subtotal, tax and shipping in cents (CA against NY)", () => {
    const items = [
      { quantity: 2, unitPriceCents: 3999 },
      { quantity: 1, unitPriceCents: 2499 },
    ];

    expect(computeTotals(items, 599, "CA")).toEqual({ subtotalCents: 10497, taxCents: 761, shippingCents: 599, totalCents: 11857 });
    expect(computeTotals(items, 599, "NY")).toEqual({ subtotalCents: 10497, taxCents: 420, shippingCents: 599, totalCents: 11516 });
  });

  it("shows totals in dollars without float artefacts", () => {
    const totals = computeTotals([{ quantity: 3, unitPriceCents: 10 }], 20, "OR");
    expect(totalsInDollars(totals)).toEqual({ subtotal: 0.3, tax: 0, shipping: 0.2, total: 0.5 });
  });

  it("always makes the total the exact sum of its parts", () => {
    const item = fc.record({ quantity: fc.integer({ min: 1, max: 1000 }), unitPriceCents: fc.integer({ min: 1, max: 100_000_000 }) });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 50 }), fc.integer({ min: 0, max: 10_000 }), (items, shipping) => {
        const totals = computeTotals(items, shipping, "CA");
        expect(totals.totalCents).toBe(totals.subtotalCents + totals.taxCents + totals.shippingCents);
        expect(Number.isSafeInteger(totals.totalCents)).toBe(true);
      }),
    );
  });

  it("refuses negative shipping", () => {
    expect(() => computeTotals([{ quantity: 1, unitPriceCents: 100 }], -1, "CA")).toThrow(RangeError);
  });
});
