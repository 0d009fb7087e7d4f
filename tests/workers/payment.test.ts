import { getLedgerEntries } from "../../src/adapters/payments-ledger";
import { handler } from "../../src/workers/payment";
import type { PaymentRequest } from "../../src/workers/contracts";
import { withLocalDynamo } from "../support/local-env";

withLocalDynamo();

describe("payment worker", () => {
  it("authorizes and captures idempotently, reporting repeats as replays", async () => {
    const first = await handler({ action: "authorize", orderId: "pay-1", amountCents: 5000, paymentToken: "tok_visa" });
    const again = await handler({ action: "authorize", orderId: "pay-1", amountCents: 5000, paymentToken: "tok_visa" });
    const capture = await handler({ action: "capture", orderId: "pay-1", amountCents: 4800 });
    const captureAgain = await handler({ action: "capture", orderId: "pay-1", amountCents: 4800 });

    expect(first).toMatchObject({ ok: true, action: "authorize", amountCents: 5000, replayed: false });
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(capture).toMatchObject({ ok: true, action: "capture", amountCents: 4800, replayed: false });
    expect(captureAgain).toMatchObject({ ok: true, replayed: true });
    expect((await getLedgerEntries("pay-1")).map((e) => e.entry).sort()).toEqual(["authorize", "capture"]);
  });

  it("refunds a capture once", async () => {
    await handler({ action: "authorize", orderId: "pay-2", amountCents: 1000 });
    await handler({ action: "capture", orderId: "pay-2", amountCents: 1000 });

    const refunds = [await handler({ action: "refund", orderId: "pay-2", amountCents: 1000 }), await handler({ action: "refund", orderId: "pay-2", amountCents: 1000 })];

    expect(refunds.map((r) => r.ok && r.replayed)).toEqual([false, true]);
    expect((await getLedgerEntries("pay-2")).filter((e) => e.entry === "refund")).toHaveLength(1);
  });

  it("declines the tok_decline test token and writes nothing", async () => {
    const answer = await handler({ action: "authorize", orderId: "pay-3", amountCents: 1000, paymentToken: "tok_decline" });

    expect(answer).toMatchObject({ ok: false, reason: "PAYMENT_DECLINED" });
    expect(await getLedgerEntries("pay-3")).toEqual([]);
  });

  it("fails the first attempt of each action transiently for tok_transient, then succeeds", async () => {
    const authorize: PaymentRequest = { action: "authorize", orderId: "pay-4", amountCents: 2000, paymentToken: "tok_transient" };
    const capture: PaymentRequest = { action: "capture", orderId: "pay-4", amountCents: 2000 };
    const refund: PaymentRequest = { action: "refund", orderId: "pay-4", amountCents: 2000 };

    await expect(handler(authorize)).rejects.toMatchObject({ name: "TransientWorkerError" });
    expect(await handler(authorize)).toMatchObject({ ok: true, replayed: false });
    await expect(handler(capture)).rejects.toMatchObject({ name: "TransientWorkerError" });
    expect(await handler(capture)).toMatchObject({ ok: true, replayed: false });
    await expect(handler(refund)).rejects.toMatchObject({ name: "TransientWorkerError" });
    expect(await handler(refund)).toMatchObject({ ok: true, replayed: false });
    expect(await handler(capture)).toMatchObject({ ok: true, replayed: true });
  });

  it("voids an authorization, then refuses to capture it", async () => {
    await handler({ action: "authorize", orderId: "pay-5", amountCents: 700 });

    expect(await handler({ action: "void", orderId: "pay-5" })).toMatchObject({ ok: true, action: "void", amountCents: 700 });
    expect(await handler({ action: "capture", orderId: "pay-5", amountCents: 700 })).toMatchObject({ ok: false, reason: "AUTHORIZATION_VOIDED" });
  });

  it("answers business refusals as data for out-of-order actions", async () => {
    expect(await handler({ action: "void", orderId: "pay-6" })).toMatchObject({ ok: false, reason: "NOT_AUTHORIZED" });
    expect(await handler({ action: "capture", orderId: "pay-6", amountCents: 1 })).toMatchObject({ ok: false, reason: "NOT_AUTHORIZED" });
    expect(await handler({ action: "refund", orderId: "pay-6", amountCents: 1 })).toMatchObject({ ok: false, reason: "NOT_CAPTURED" });
  });

  it("answers INVALID_REQUEST for a fractional or negative amount", async () => {
    expect(await handler({ action: "authorize", orderId: "pay-7", amountCents: 10.5 })).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
    expect(await handler({ action: "refund", orderId: "pay-7", amountCents: -1 })).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
  });

  it("never logs the payment token", async () => {
    const log = jest.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      await handler({ action: "authorize", orderId: "pay-8", amountCents: 100, paymentToken: "tok_secret_value" });
      expect(log.mock.calls.flat().join(" ")).not.toContain("tok_secret_value");
    } finally {
      log.mockRestore();
    }
  });
});
