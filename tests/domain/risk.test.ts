import { assessFraud, checkCredit, isCreditCheckRequired } from "../../src/domain/risk";

describe("risk rules", () => {
  it("flags the documented fraud test customer", () => {
    expect(assessFraud({ customerId: "cust-fraud", totalCents: 1000, units: 1 })).toMatchObject({ score: 100, flagged: true });
  });

  it("does not flag an ordinary customer, even for a very large bulk order", () => {
    const assessment = assessFraud({ customerId: "cust-1", totalCents: 10_000_000, units: 500 });
    expect(assessment.flagged).toBe(false);
    expect(assessment.reasons).toEqual(["large order", "very large order", "bulk quantity"]);
  });

  it("requires a credit check only above $1,000", () => {
    expect(isCreditCheckRequired(100_000)).toBe(false);
    expect(isCreditCheckRequired(100_001)).toBe(true);
  });

  it("fails the documented bad-credit customer only when a check is required", () => {
    expect(checkCredit({ customerId: "cust-bad-credit", totalCents: 50_000 })).toEqual({ required: false, approved: true });
    expect(checkCredit({ customerId: "cust-bad-credit", totalCents: 150_000 })).toMatchObject({ required: true, approved: false });
    expect(checkCredit({ customerId: "cust-1", totalCents: 150_000 })).toEqual({ required: true, approved: true });
  });

  it("refuses credit above the limit", () => {
    expect(checkCredit({ customerId: "cust-1", totalCents: 25_000_001 })).toMatchObject({ approved: false, reason: "total exceeds credit limit" });
  });
});
