import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { checkStock, FINAL_RESERVATION_RETENTION_DAYS, getProduct, getReservations, releaseStock, reserveStock, shipStock } from "../../src/adapters/inventory-repository";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();

async function putProduct(productId: string, onHand: number): Promise<void> {
  await local.doc.send(
    new PutCommand({
      TableName: process.env.INVENTORY_TABLE,
      Item: { productId, name: productId, onHand, reserved: 0, shipped: 0 },
    }),
  );
}

describe("inventory repository", () => {
  it("never lets stock go negative when 50 orders race for the last 5 units", async () => {
    // Prepare
    await putProduct("LAST-UNITS", 5);

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reserveStock(`race-${i}`, [{ productId: "LAST-UNITS", quantity: 1 }])),
    );

    // Assess
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const product = await getProduct("LAST-UNITS");
    expect(product).toMatchObject({ onHand: 0, reserved: 5 });
    const holders = results.map((r, i) => (r.ok ? `race-${i}` : undefined)).filter((id): id is string => id !== undefined);
    for (const orderId of holders) expect((await getReservations(orderId)).get("LAST-UNITS")).toMatchObject({ quantity: 1, state: "reserved" });
  });

  it("applies a reservation once when the same order reserves twice", async () => {
    await putProduct("TWICE-001", 10);

    const first = await reserveStock("order-twice", [{ productId: "TWICE-001", quantity: 3 }]);
    const second = await reserveStock("order-twice", [{ productId: "TWICE-001", quantity: 3 }]);

    expect(first).toEqual({ ok: true, reserved: ["TWICE-001"], alreadyReserved: [] });
    expect(second).toEqual({ ok: true, reserved: [], alreadyReserved: ["TWICE-001"] });
    expect(await getProduct("TWICE-001")).toMatchObject({ onHand: 7, reserved: 3 });
  });

  it("restores stock on release and applies a second release not at all", async () => {
    await putProduct("RELEASE-001", 10);
    await reserveStock("order-release", [{ productId: "RELEASE-001", quantity: 4 }]);

    const first = await releaseStock("order-release", [{ productId: "RELEASE-001" }]);
    const second = await releaseStock("order-release", [{ productId: "RELEASE-001" }]);

    expect(first).toEqual({ released: ["RELEASE-001"], unchanged: [] });
    expect(second).toEqual({ released: [], unchanged: ["RELEASE-001"] });
    const product = await getProduct("RELEASE-001");
    expect(product).toMatchObject({ onHand: 10, reserved: 0 });
    const released = (await getReservations("order-release")).get("RELEASE-001");
    expect(released).toMatchObject({ state: "released", quantity: 4 });
    // Final reservations expire (TTL) long after any duplicate request could still arrive.
    expect(released!.expiresAt).toBe(Math.floor(Date.parse(released!.releasedAt!) / 1000) + FINAL_RESERVATION_RETENTION_DAYS * 86_400);
  });

  it("does not take stock back for an order whose reservation was released", async () => {
    await putProduct("FINAL-001", 10);
    await reserveStock("order-final", [{ productId: "FINAL-001", quantity: 2 }]);
    await releaseStock("order-final", [{ productId: "FINAL-001" }]);

    const again = await reserveStock("order-final", [{ productId: "FINAL-001", quantity: 2 }]);

    expect(again).toEqual({ ok: false, unavailable: ["FINAL-001"] });
    expect(await getProduct("FINAL-001")).toMatchObject({ onHand: 10, reserved: 0 });
  });

  it("reports an unknown product as unavailable", async () => {
    const check = await checkStock([{ productId: "NO-SUCH-PRODUCT", quantity: 1 }, { productId: "BOOK-001", quantity: 1 }]);
    const reserve = await reserveStock("order-unknown", [{ productId: "NO-SUCH-PRODUCT", quantity: 1 }]);

    expect(check).toEqual({ available: false, unavailable: ["NO-SUCH-PRODUCT"] });
    expect(reserve).toEqual({ ok: false, unavailable: ["NO-SUCH-PRODUCT"] });
  });

  it("gives back what it took when a multi-item reservation fails midway", async () => {
    await putProduct("PLENTY-001", 100);
    await putProduct("SCARCE-001", 1);

    const result = await reserveStock("order-midway", [
      { productId: "PLENTY-001", quantity: 5 },
      { productId: "SCARCE-001", quantity: 2 },
    ]);

    expect(result).toEqual({ ok: false, unavailable: ["SCARCE-001"] });
    const plenty = await getProduct("PLENTY-001");
    expect(plenty).toMatchObject({ onHand: 100, reserved: 0 });
    expect((await getReservations("order-midway")).size).toBe(0);
    expect(await getProduct("SCARCE-001")).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it("can reserve again after a failed attempt gave its units back", async () => {
    await putProduct("RETRY-A", 10);
    await putProduct("RETRY-B", 0);
    await reserveStock("order-retry", [{ productId: "RETRY-A", quantity: 1 }, { productId: "RETRY-B", quantity: 1 }]);
    await putProduct("RETRY-B", 5);

    const retried = await reserveStock("order-retry", [{ productId: "RETRY-A", quantity: 1 }, { productId: "RETRY-B", quantity: 1 }]);

    expect(retried).toEqual({ ok: true, reserved: ["RETRY-A", "RETRY-B"], alreadyReserved: [] });
    expect(await getProduct("RETRY-A")).toMatchObject({ onHand: 9, reserved: 1 });
  });

  it("adds up repeated lines of one product into one reservation", async () => {
    await putProduct("DUP-001", 10);

    await reserveStock("order-dup", [{ productId: "DUP-001", quantity: 2 }, { productId: "DUP-001", quantity: 3 }]);

    expect((await getReservations("order-dup")).get("DUP-001")).toMatchObject({ quantity: 5, state: "reserved" });
  });

  it("moves reserved units to shipped once, and cannot release them afterwards", async () => {
    await putProduct("SHIP-001", 10);
    await reserveStock("order-ship", [{ productId: "SHIP-001", quantity: 2 }]);

    const shipped = await shipStock("order-ship", [{ productId: "SHIP-001" }]);
    const again = await shipStock("order-ship", [{ productId: "SHIP-001" }]);
    const release = await releaseStock("order-ship", [{ productId: "SHIP-001" }]);

    expect(shipped).toEqual({ ok: true, shipped: ["SHIP-001"], alreadyShipped: [] });
    expect(again).toEqual({ ok: true, shipped: [], alreadyShipped: ["SHIP-001"] });
    expect(release).toEqual({ released: [], unchanged: ["SHIP-001"] });
    expect(await getProduct("SHIP-001")).toMatchObject({ onHand: 8, reserved: 0, shipped: 2 });
  });

  it("refuses to ship what the order never reserved", async () => {
    expect(await shipStock("order-never", [{ productId: "BOOK-001" }])).toEqual({ ok: false, notReserved: ["BOOK-001"] });
  });

  it("ships nothing when one of the order's products was never reserved", async () => {
    await putProduct("PART-A", 10);
    await reserveStock("order-part", [{ productId: "PART-A", quantity: 1 }]);

    expect(await shipStock("order-part", [{ productId: "PART-A" }, { productId: "BOOK-001" }])).toEqual({ ok: false, notReserved: ["BOOK-001"] });
    expect(await getProduct("PART-A")).toMatchObject({ onHand: 9, reserved: 1, shipped: 0 });
  });

  it("lets exactly one of a racing release and ship move a reservation", async () => {
    await putProduct("RACE-MOVE", 10);
    await reserveStock("order-race-move", [{ productId: "RACE-MOVE", quantity: 3 }]);

    const [released, shipped] = await Promise.all([releaseStock("order-race-move", [{ productId: "RACE-MOVE" }]), shipStock("order-race-move", [{ productId: "RACE-MOVE" }])]);

    const product = (await getProduct("RACE-MOVE"))!;
    expect(product.onHand + product.reserved + product.shipped).toBe(10);
    expect(product.reserved).toBe(0);
    const state = (await getReservations("order-race-move")).get("RACE-MOVE")!.state;
    if (state === "shipped") {
      expect(shipped).toEqual({ ok: true, shipped: ["RACE-MOVE"], alreadyShipped: [] });
      expect(released).toEqual({ released: [], unchanged: ["RACE-MOVE"] });
      expect(product).toMatchObject({ onHand: 7, shipped: 3 });
    } else {
      expect(state).toBe("released");
      expect(released).toEqual({ released: ["RACE-MOVE"], unchanged: [] });
      expect(shipped).toEqual({ ok: false, notReserved: ["RACE-MOVE"] });
      expect(product).toMatchObject({ onHand: 10, shipped: 0 });
    }
  });

  it("keeps a best-seller's item the same size however many orders reserve and ship it", async () => {
    await putProduct("HOT-001", 100_000);
    const itemBytes = async () => {
      const { Item } = await local.doc.send(new GetCommand({ TableName: process.env.INVENTORY_TABLE, Key: { productId: "HOT-001" }, ConsistentRead: true }));
      return JSON.stringify(Item).length;
    };
    await reserveStock("hot-0", [{ productId: "HOT-001", quantity: 1 }]);
    await shipStock("hot-0", [{ productId: "HOT-001" }]);
    const afterFirst = await itemBytes();

    for (let i = 1; i < 200; i++) {
      await reserveStock(`hot-${i}`, [{ productId: "HOT-001", quantity: 1 }]);
      if (i % 2 === 0) await shipStock(`hot-${i}`, [{ productId: "HOT-001" }]);
      else await releaseStock(`hot-${i}`, [{ productId: "HOT-001" }]);
    }

    // Counters grow by digits only (onHand 99999 → 99900, shipped 1 → 100).
    expect(Math.abs((await itemBytes()) - afterFirst)).toBeLessThanOrEqual(4);
    expect(await getProduct("HOT-001")).toMatchObject({ onHand: 99_900, reserved: 0, shipped: 100 });
  });

  it("reads the seeded products", async () => {
    expect(await checkStock([{ productId: "LAPTOP-001", quantity: 2 }, { productId: "SERVER-001", quantity: 1 }])).toEqual({ available: true, unavailable: [] });
  });
});
