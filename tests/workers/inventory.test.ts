import { captureTelemetry } from "../support/telemetry";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { getProduct } from "../../src/adapters/inventory-repository";
import { handler } from "../../src/workers/inventory";
import type { InventoryRequest } from "../../src/workers/contracts";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();

describe("inventory worker", () => {
  it("checks, reserves, releases and ships seeded stock", async () => {
    const items = [{ productId: "MOUSE-001", quantity: 2 }];
    const before = (await getProduct("MOUSE-001"))!.onHand;

    expect(await handler({ action: "check", orderId: "i-1", items })).toEqual({ ok: true, action: "check", orderId: "i-1" });
    expect(await handler({ action: "reserve", orderId: "i-1", items })).toEqual({ ok: true, action: "reserve", orderId: "i-1" });
    expect((await getProduct("MOUSE-001"))!.onHand).toBe(before - 2);
    expect(await handler({ action: "release", orderId: "i-1", items })).toEqual({ ok: true, action: "release", orderId: "i-1" });
    expect((await getProduct("MOUSE-001"))!.onHand).toBe(before);

    await handler({ action: "reserve", orderId: "i-2", items });
    expect(await handler({ action: "ship", orderId: "i-2", items })).toEqual({ ok: true, action: "ship", orderId: "i-2" });
    expect(await getProduct("MOUSE-001")).toMatchObject({ onHand: before - 2, shipped: 2 });
  });

  it("answers OUT_OF_STOCK for an unknown product, naming it", async () => {
    const answer = await handler({ action: "check", orderId: "i-3", items: [{ productId: "GHOST-001", quantity: 1 }, { productId: "BOOK-001", quantity: 1 }] });

    expect(answer).toEqual({ ok: false, reason: "OUT_OF_STOCK", message: "out of stock: GHOST-001", unavailable: ["GHOST-001"] });
  });

  it("answers OUT_OF_STOCK when a reservation asks for more than is on hand", async () => {
    await local.doc.send(new PutCommand({ TableName: process.env.INVENTORY_TABLE, Item: { productId: "RARE-001", name: "Rare", onHand: 1, reserved: 0, shipped: 0 } }));

    expect(await handler({ action: "reserve", orderId: "i-4", items: [{ productId: "RARE-001", quantity: 2 }] })).toMatchObject({ ok: false, reason: "OUT_OF_STOCK" });
  });

  it("refuses to ship stock the order never reserved", async () => {
    expect(await handler({ action: "ship", orderId: "i-5", items: [{ productId: "BOOK-001", quantity: 1 }] })).toMatchObject({ ok: false, reason: "NOT_RESERVED" });
  });

  it("answers INVALID_REQUEST for a malformed request without touching stock", async () => {
    const answer = await handler({ action: "reserve", orderId: "i-6", items: [{ productId: "BOOK-001", quantity: -1 }] });
    expect(answer).toMatchObject({ ok: false, reason: "INVALID_REQUEST", message: expect.stringContaining("items[0].quantity") });
    expect(await handler({ action: "reserve", orderId: "i-6" } as unknown as InventoryRequest)).toMatchObject({ ok: false, reason: "INVALID_REQUEST" });
  });

  it("logs the order id but nothing else about the customer", async () => {
    const telemetry = captureTelemetry();
    try {
      await handler({ action: "check", orderId: "i-7", items: [{ productId: "BOOK-001", quantity: 1 }] });
      expect(telemetry.logs).toEqual([
        {
          level: "INFO",
          message: "worker call",
          service: "inventory-worker",
          timestamp: expect.any(String),
          sampling_rate: expect.any(Number),
          worker: "inventory",
          orderId: "i-7",
          action: "check",
          outcome: "ok",
        },
      ]);
    } finally {
      telemetry.stop();
    }
  });
});
