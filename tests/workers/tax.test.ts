import { handler } from "../../src/workers/tax";
import type { TaxRequest } from "../../src/workers/contracts";

describe("tax worker", () => {
  it("calculates California and New York tax on the same subtotal", async () => {
    const ca = await handler({ action: "calculate", orderId: "t-1", subtotalCents: 7998, state: "CA" });
    const ny = await handler({ action: "calculate", orderId: "t-1", subtotalCents: 7998, state: "NY" });

    expect(ca).toEqual({ ok: true, action: "calculate", orderId: "t-1", taxCents: 580, rateBasisPoints: 725 });
    expect(ny).toEqual({ ok: true, action: "calculate", orderId: "t-1", taxCents: 320, rateBasisPoints: 400 });
  });

  it("answers INVALID_REQUEST for an unknown state or a fractional subtotal", async () => {
    const state = await handler({ action: "calculate", orderId: "t-2", subtotalCents: 100, state: "ZZ" } as unknown as TaxRequest);
    const cents = await handler({ action: "calculate", orderId: "t-2", subtotalCents: 10.5, state: "CA" });

    expect(state).toMatchObject({ ok: false, reason: "INVALID_REQUEST", message: expect.stringContaining("state") });
    expect(cents).toMatchObject({ ok: false, reason: "INVALID_REQUEST", message: expect.stringContaining("subtotalCents") });
  });

  it("throws a TransientWorkerError when chaos is turned on", async () => {
    process.env.WORKER_FAILURE_RATE = "1";
    try {
      await expect(handler({ action: "calculate", orderId: "t-3", subtotalCents: 100, state: "CA" })).rejects.toMatchObject({ name: "TransientWorkerError" });
    } finally {
      process.env.WORKER_FAILURE_RATE = "0";
    }
  });

  it("answers INVALID_REQUEST for something that is not a request", async () => {
    expect(await handler(null as unknown as TaxRequest)).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
  });
});
