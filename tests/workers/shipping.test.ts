import { handler } from "../../src/workers/shipping";
import { trackingNumberFor } from "../../src/domain/shipping";
import type { ShippingRequest } from "../../src/workers/contracts";

describe("shipping worker", () => {
  const saved = process.env.PICKUP_READY_AFTER_POLLS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PICKUP_READY_AFTER_POLLS;
    else process.env.PICKUP_READY_AFTER_POLLS = saved;
  });

  it("quotes by units and state, free ground from a $100 subtotal", async () => {
    const items = [{ productId: "BOOK-001", quantity: 2 }];

    expect(await handler({ action: "quote", orderId: "s-1", items, state: "CA" })).toEqual({
      ok: true,
      action: "quote",
      orderId: "s-1",
      shippingCents: 749,
      carrier: "SIMULATED-GROUND",
    });
    expect(await handler({ action: "quote", orderId: "s-1", items, state: "CA", subtotalCents: 10_000 })).toMatchObject({ shippingCents: 0 });
  });

  it("prints the same tracking number for a repeated label request", async () => {
    const request: ShippingRequest = { action: "label", orderId: "s-2", items: [{ productId: "BOOK-001", quantity: 1 }], state: "NY", zip: "10001" };

    const first = await handler(request);
    const second = await handler(request);

    expect(first).toMatchObject({ ok: true, trackingNumber: trackingNumberFor("s-2") });
    expect(second).toEqual(first);
  });

  it("reports pickup ready from the third poll by default", async () => {
    delete process.env.PICKUP_READY_AFTER_POLLS;
    const trackingNumber = trackingNumberFor("s-3");

    const answers = [];
    for (const poll of [1, 2, 3]) answers.push(await handler({ action: "pickupStatus", orderId: "s-3", trackingNumber, poll }));

    expect(answers.map((a) => a.ok && a.action === "pickupStatus" && a.ready)).toEqual([false, false, true]);
  });

  it("honours PICKUP_READY_AFTER_POLLS", async () => {
    process.env.PICKUP_READY_AFTER_POLLS = "1";
    expect(await handler({ action: "pickupStatus", orderId: "s-4", trackingNumber: trackingNumberFor("s-4"), poll: 1 })).toMatchObject({ ready: true });
  });

  it("refuses an unknown tracking number and malformed requests", async () => {
    expect(await handler({ action: "pickupStatus", orderId: "s-5", trackingNumber: "SIMNOPE", poll: 1 })).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
    expect(await handler({ action: "quote", orderId: "s-5", items: [], state: "CA" })).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
    expect(await handler({ action: "teleport", orderId: "s-5" } as unknown as ShippingRequest)).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
  });
});
