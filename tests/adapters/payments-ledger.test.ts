import {
  authorizePayment,
  capturePayment,
  getAuthorization,
  getLedgerEntries,
  recordAttempt,
  refundPayment,
  voidPayment,
} from "../../src/adapters/payments-ledger";
import { PaymentStateError } from "../../src/domain/errors";
import { withLocalDynamo } from "../support/local-env";

withLocalDynamo();

describe("payments ledger", () => {
  it("authorizes once per order and reports the repeat as a replay", async () => {
    const first = await authorizePayment("p-auth", 1000);
    const second = await authorizePayment("p-auth", 1000);

    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await getLedgerEntries("p-auth")).toHaveLength(1);
  });

  it("captures once, against the authorization", async () => {
    const auth = await authorizePayment("p-capture", 2500);

    const first = await capturePayment("p-capture", 2500);
    const second = await capturePayment("p-capture", 2500);

    expect(first).toEqual({ paymentId: auth.paymentId, amountCents: 2500, replayed: false });
    expect(second.replayed).toBe(true);
    expect((await getAuthorization("p-capture"))?.state).toBe("captured");
    expect((await getLedgerEntries("p-capture")).map((e) => e.entry).sort()).toEqual(["authorize", "capture"]);
  });

  it("refuses to capture without an authorization, after a void, or above the authorized amount", async () => {
    await expect(capturePayment("p-none", 100)).rejects.toMatchObject({ name: "PaymentStateError", reason: "NOT_AUTHORIZED" });

    await authorizePayment("p-voided", 100);
    await voidPayment("p-voided");
    await expect(capturePayment("p-voided", 100)).rejects.toMatchObject({ reason: "AUTHORIZATION_VOIDED" });

    await authorizePayment("p-over", 100);
    await expect(capturePayment("p-over", 101)).rejects.toMatchObject({ reason: "AMOUNT_EXCEEDS_AUTHORIZED" });
  });

  it("refunds a capture exactly once", async () => {
    await authorizePayment("p-refund", 4200);
    await capturePayment("p-refund", 4200);

    const results = await Promise.all([refundPayment("p-refund", 4200), refundPayment("p-refund", 4200), refundPayment("p-refund", 4200)]);

    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await getLedgerEntries("p-refund")).filter((e) => e.entry === "refund")).toHaveLength(1);
  });

  it("refuses a refund without a capture", async () => {
    await authorizePayment("p-no-capture", 100);
    await expect(refundPayment("p-no-capture", 100)).rejects.toBeInstanceOf(PaymentStateError);
  });

  it("lets only one of a concurrent capture and void win", async () => {
    await authorizePayment("p-race", 700);

    const [capture, voided] = await Promise.allSettled([capturePayment("p-race", 700), voidPayment("p-race")]);

    expect([capture.status, voided.status].sort()).toEqual(["fulfilled", "rejected"]);
    const entries = (await getLedgerEntries("p-race")).map((e) => e.entry);
    expect(entries.filter((e) => e === "capture" || e === "void")).toHaveLength(1);
  });

  it("voids once and refuses to void a captured payment", async () => {
    await authorizePayment("p-void", 300);
    expect((await voidPayment("p-void")).replayed).toBe(false);
    expect((await voidPayment("p-void")).replayed).toBe(true);

    await authorizePayment("p-void-captured", 300);
    await capturePayment("p-void-captured", 300);
    await expect(voidPayment("p-void-captured")).rejects.toMatchObject({ reason: "ALREADY_CAPTURED" });
  });

  it("counts attempts per order and action", async () => {
    expect(await recordAttempt("p-attempts", "capture")).toBe(1);
    expect(await recordAttempt("p-attempts", "capture")).toBe(2);
    expect(await recordAttempt("p-attempts", "refund")).toBe(1);
    expect(await getLedgerEntries("p-attempts")).toEqual([]);
  });
});
