import { isPickupReady, quoteShippingCents, trackingNumberFor } from "../../src/domain/shipping";

describe("shipping price list", () => {
  it("charges $5.99 for one unit and $1.50 for each further unit", () => {
    expect(quoteShippingCents({ items: [{ quantity: 1 }], state: "CA" })).toBe(599);
    expect(quoteShippingCents({ items: [{ quantity: 2 }, { quantity: 1 }], state: "NY" })).toBe(899);
  });

  it("caps ground shipping at $29.99", () => {
    expect(quoteShippingCents({ items: [{ quantity: 1000 }], state: "TX" })).toBe(2999);
  });

  it("adds $10 to Alaska and Hawaii", () => {
    expect(quoteShippingCents({ items: [{ quantity: 1 }], state: "AK" })).toBe(1599);
    expect(quoteShippingCents({ items: [{ quantity: 1 }], state: "HI", subtotalCents: 50_000 })).toBe(1000);
  });

  it("ships ground free from a $100 subtotal", () => {
    expect(quoteShippingCents({ items: [{ quantity: 1 }], state: "CA", subtotalCents: 9_999 })).toBe(599);
    expect(quoteShippingCents({ items: [{ quantity: 1 }], state: "CA", subtotalCents: 10_000 })).toBe(0);
  });

  it("derives the same tracking number from the same order", () => {
    expect(trackingNumberFor("order-1")).toBe(trackingNumberFor("order-1"));
    expect(trackingNumberFor("order-1")).not.toBe(trackingNumberFor("order-2"));
    expect(trackingNumberFor("order-1")).toMatch(/^SIM[0-9A-F]{15}$/);
  });

  it("is ready for pickup from the configured poll on", () => {
    expect([1, 2, 3, 4].map((poll) => isPickupReady(poll, 3))).toEqual([false, false, true, true]);
  });
});
