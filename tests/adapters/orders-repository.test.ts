import { appendCompensation, createOrder, getOrder, watchShardOf, WATCH_SHARDS, listWatchedOrders, patchOrder, recordStatus, type NewOrder } from "../../src/adapters/orders-repository";
import { IllegalStatusTransitionError, OrderNotFoundError } from "../../src/domain/errors";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();

function newOrder(orderId: string): NewOrder {
  return {
    orderId,
    customerId: "cust-1",
    customerEmail: "buyer@example.com",
    shippingAddress: { state: "CA", zip: "94105" },
    items: [{ productId: "BOOK-001", name: "Book", quantity: 2, unitPriceCents: 3999 }],
    paymentToken: "tok_visa",
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

describe("orders repository", () => {
  it("creates an order as received, once", async () => {
    const first = await createOrder(newOrder("o-create"));
    const second = await createOrder(newOrder("o-create"));

    expect([first, second]).toEqual(["created", "exists"]);
    const order = await getOrder("o-create");
    expect(order).toMatchObject({ status: "received", statusHistory: [{ status: "received", at: "2026-01-01T00:00:00.000Z" }] });
    // Kept only while the order is in intake, so that a re-driven start sends the same payload.
    expect(order).toMatchObject({ paymentToken: "tok_visa", watchShard: watchShardOf("o-create") });
  });

  it("moves an order forward with one write and no read; only a replay or a refused move reads it", async () => {
    await createOrder(newOrder("o-one-request"));
    local.dynamo.capacity.reset();
    await recordStatus("o-one-request", "validated", "2026-01-01T00:00:01.000Z");
    expect(local.dynamo.capacity.snapshot().operations).toEqual({ UpdateItem: expect.objectContaining({ requests: 1, errors: 0 }) });

    local.dynamo.capacity.reset();
    await expect(recordStatus("o-one-request", "validated", "2026-01-01T00:00:02.000Z")).resolves.toBe("unchanged");
    const replay = local.dynamo.capacity.snapshot().operations;
    expect({ updates: replay.UpdateItem?.requests, refused: replay.UpdateItem?.errors, reads: replay.GetItem?.requests }).toEqual({ updates: 1, refused: 1, reads: 1 });
    expect((await getOrder("o-one-request"))?.statusHistory.map((entry) => entry.status)).toEqual(["received", "validated"]);
  });

  it("forgets the payment token and moves from the intake index to the in-flight one at the first status change", async () => {
    await createOrder(newOrder("o-intake-leaves"));

    await recordStatus("o-intake-leaves", "validated", "2026-01-01T00:00:01.000Z");

    const order = await getOrder("o-intake-leaves");
    expect(order).not.toHaveProperty("paymentToken");
    expect(order).toMatchObject({ watchShard: watchShardOf("o-intake-leaves", "active") });
    const listed = await listWatchedOrders(watchShardOf("o-intake-leaves"), "2027-01-01T00:00:00.000Z", { limit: 100 });
    expect(listed.entries.map((entry) => entry.orderId)).not.toContain("o-intake-leaves");
    const active = await listWatchedOrders(watchShardOf("o-intake-leaves", "active"), "2027-01-01T00:00:00.000Z", { limit: 100 });
    expect(active.entries.map((entry) => entry.orderId)).toContain("o-intake-leaves");
  });

  it("watches an order while it waits for approval, in flight after, and not once it is decided", async () => {
    await createOrder(newOrder("o-approval-watch"));
    for (const status of ["validated", "prepared", "fraud-checked", "awaiting-approval"] as const) await recordStatus("o-approval-watch", status, "2026-01-01T00:00:01.000Z");

    expect(await getOrder("o-approval-watch")).toMatchObject({ watchShard: watchShardOf("o-approval-watch", "approval") });
    const waiting = await listWatchedOrders(watchShardOf("o-approval-watch", "approval"), "2027-01-01T00:00:00.000Z", { limit: 100 });
    expect(waiting.entries.map((entry) => entry.orderId)).toContain("o-approval-watch");

    await recordStatus("o-approval-watch", "approved", "2026-01-01T00:00:02.000Z");
    expect(await getOrder("o-approval-watch")).toMatchObject({ watchShard: watchShardOf("o-approval-watch", "active") });

    await recordStatus("o-approval-watch", "failed", "2026-01-01T00:00:03.000Z", { failureReason: "test" });
    expect(await getOrder("o-approval-watch")).not.toHaveProperty("watchShard");
    const active = await listWatchedOrders(watchShardOf("o-approval-watch", "active"), "2027-01-01T00:00:00.000Z", { limit: 100 });
    expect(active.entries.map((entry) => entry.orderId)).not.toContain("o-approval-watch");
  });

  it("spreads orders in intake over the index shards, and lists a shard's older ones page by page", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `o-shard-${i}`);
    for (const [i, orderId] of ids.entries()) await createOrder({ ...newOrder(orderId), createdAt: `2025-06-01T00:00:${String(i).padStart(2, "0")}.000Z` });

    const shards = new Set(ids.map((orderId) => watchShardOf(orderId)));
    expect(shards.size).toBeGreaterThan(WATCH_SHARDS / 2);
    const shard = watchShardOf("o-shard-0");
    const found: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await listWatchedOrders(shard, "2025-06-01T00:00:30.000Z", { limit: 2, ...(startKey ? { startKey } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      found.push(...page.entries.map((entry) => entry.orderId));
      startKey = page.nextKey;
    } while (startKey);
    const expected = ids.filter((orderId, i) => watchShardOf(orderId) === shard && i < 30);
    expect(found.filter((id) => id.startsWith("o-shard-"))).toEqual(expected);
  });

  it("returns undefined for an unknown order", async () => {
    expect(await getOrder("o-missing")).toBeUndefined();
  });

  it("records legal transitions in the history with their timestamps and patch", async () => {
    await createOrder(newOrder("o-progress"));

    await recordStatus("o-progress", "validated", "2026-01-01T00:00:01.000Z");
    await recordStatus("o-progress", "prepared", "2026-01-01T00:00:02.000Z", {
      totals: { subtotalCents: 7998, taxCents: 580, shippingCents: 749, totalCents: 9327 },
    });

    const order = await getOrder("o-progress");
    expect(order?.status).toBe("prepared");
    expect(order?.statusHistory.map((h) => h.status)).toEqual(["received", "validated", "prepared"]);
    expect(order?.totals?.totalCents).toBe(9327);
    expect(order?.updatedAt).toBe("2026-01-01T00:00:02.000Z");
  });

  it("treats a replayed or earlier status as a no-op and never regresses", async () => {
    await createOrder(newOrder("o-replay"));
    await recordStatus("o-replay", "validated", "t1");
    await recordStatus("o-replay", "prepared", "t2");

    const replay = await recordStatus("o-replay", "validated", "t3", { failureReason: "should not be written" });
    const again = await recordStatus("o-replay", "prepared", "t4");

    expect([replay, again]).toEqual(["unchanged", "unchanged"]);
    const order = await getOrder("o-replay");
    expect(order?.status).toBe("prepared");
    expect(order?.statusHistory).toHaveLength(3);
    expect(order?.failureReason).toBeUndefined();
  });

  it("counts the skipped approval statuses as passed for a small order", async () => {
    await createOrder(newOrder("o-skip"));
    for (const status of ["validated", "prepared", "fraud-checked", "inventory-reserved"] as const) await recordStatus("o-skip", status, "t");

    expect(await recordStatus("o-skip", "awaiting-approval", "t")).toBe("unchanged");
    expect((await getOrder("o-skip"))?.status).toBe("inventory-reserved");
  });

  it("refuses an illegal transition", async () => {
    await createOrder(newOrder("o-illegal"));

    await expect(recordStatus("o-illegal", "shipped", "t")).rejects.toBeInstanceOf(IllegalStatusTransitionError);
    expect((await getOrder("o-illegal"))?.status).toBe("received");
  });

  it("lets exactly one of two concurrent writers fail the order", async () => {
    await createOrder(newOrder("o-race"));

    const results = await Promise.all([
      recordStatus("o-race", "failed", "t", { failureReason: "a" }),
      recordStatus("o-race", "failed", "t", { failureReason: "b" }),
    ]);

    expect(results.sort()).toEqual(["recorded", "unchanged"]);
    expect((await getOrder("o-race"))?.statusHistory.filter((h) => h.status === "failed")).toHaveLength(1);
  });

  it("fails an order from a non-terminal status and then refuses to move it on", async () => {
    await createOrder(newOrder("o-fail"));
    await recordStatus("o-fail", "validated", "t");
    await recordStatus("o-fail", "failed", "t", { failureReason: "OUT_OF_STOCK" });

    expect(await getOrder("o-fail")).toMatchObject({ status: "failed", failureReason: "OUT_OF_STOCK" });
    await expect(recordStatus("o-fail", "prepared", "t")).rejects.toBeInstanceOf(IllegalStatusTransitionError);
  });

  it("reports an unknown order when recording a status or patching", async () => {
    await expect(recordStatus("o-nobody", "validated", "t")).rejects.toBeInstanceOf(OrderNotFoundError);
    await expect(patchOrder("o-nobody", { trackingNumber: "X" })).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it("patches fields without touching the status", async () => {
    await createOrder(newOrder("o-patch"));

    await patchOrder("o-patch", {
      executionArn: "arn:aws:lambda:us-east-2:000000000000:function:wf:live/durable-execution/order-o-patch/1",
      approval: { callbackId: "cb-1", requestedAt: "t", thresholdCents: 500000 },
      trackingNumber: undefined,
    });

    expect(await getOrder("o-patch")).toMatchObject({ status: "received", approval: { callbackId: "cb-1" }, executionArn: expect.stringContaining("order-o-patch") });
  });

  it("refuses to patch the fields it manages", async () => {
    await createOrder(newOrder("o-managed"));
    await expect(patchOrder("o-managed", { status: "completed" } as never)).rejects.toThrow(/managed/);
  });

  it("appends compensations in order and drops a repeated one", async () => {
    await createOrder(newOrder("o-comp"));

    await appendCompensation("o-comp", { action: "refund-payment", status: "succeeded", at: "t1" });
    const repeat = await appendCompensation("o-comp", { action: "refund-payment", status: "succeeded", at: "t2" });
    await appendCompensation("o-comp", { action: "release-inventory", status: "succeeded", at: "t3", detail: "BOOK-001" });

    expect(repeat).toBe("duplicate");
    expect((await getOrder("o-comp"))?.compensations?.map((c) => c.action)).toEqual(["refund-payment", "release-inventory"]);
  });

  it("keeps every compensation when they are appended concurrently", async () => {
    await createOrder(newOrder("o-comp-race"));

    await Promise.all(["a", "b", "c"].map((action) => appendCompensation("o-comp-race", { action, status: "succeeded", at: "t" })));

    expect((await getOrder("o-comp-race"))?.compensations?.map((c) => c.action).sort()).toEqual(["a", "b", "c"]);
  });
});

describe("orders by creation day (the OrdersByCreatedDay index)", () => {
  it("stores the UTC day of creation as the index key, and never lets a patch move it", async () => {
    await createOrder({ ...newOrder("o-day"), createdAt: "2026-03-04T23:59:59.999-01:00" });

    expect(await getOrder("o-day")).toMatchObject({ createdDay: "2026-03-05", createdAt: "2026-03-04T23:59:59.999-01:00" });
    await expect(patchOrder("o-day", { createdDay: "2020-01-01" } as never)).rejects.toThrow(/createdDay cannot be patched/);
  });
});
