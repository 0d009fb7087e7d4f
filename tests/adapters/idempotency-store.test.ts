import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  getIdempotencyRecord,
  IDEMPOTENCY_SETTINGS,
  releaseIdempotencyKey,
} from "../../src/adapters/idempotency-store";
import { withLocalDynamo } from "../support/local-env";

const local = withLocalDynamo();

const T0 = Date.parse("2026-11-22T12:00:00.000Z");
let counter = 0;
const freshKey = () => `test#key-${++counter}`;

describe("idempotency store", () => {
  it("lets exactly one of many concurrent claims win, and shows the others the winner's order id", async () => {
    const key = freshKey();

    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: `ord_${i}` }, T0)));

    const winners = outcomes.filter((outcome) => outcome.kind === "claimed");
    expect(winners).toHaveLength(1);
    const winnerOrderId = winners[0]!.record.orderId;
    expect(new Set(outcomes.map((outcome) => outcome.record.orderId))).toEqual(new Set([winnerOrderId]));
  });

  it("stores the claim IN_PROGRESS with a 24-hour TTL in expiresAt (epoch seconds), then COMPLETED", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_ttl" }, T0);

    expect(await getIdempotencyRecord(key, T0)).toMatchObject({
      status: "IN_PROGRESS",
      orderId: "ord_ttl",
      expiresAt: T0 / 1000 + 24 * 60 * 60,
      leaseExpiresAt: T0 + IDEMPOTENCY_SETTINGS.ownerLifetimeWithoutDeadlineMs + IDEMPOTENCY_SETTINGS.leaseMarginMs,
    });

    await completeIdempotencyKey(key, "ord_ttl", T0 + 5);
    expect(await getIdempotencyRecord(key, T0 + 10)).toMatchObject({ status: "COMPLETED", completedAt: new Date(T0 + 5).toISOString() });
  });

  it("hands a stale IN_PROGRESS claim with the same body to a new owner, keeping its order id", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_first" }, T0);
    const later = T0 + IDEMPOTENCY_SETTINGS.ownerLifetimeWithoutDeadlineMs + IDEMPOTENCY_SETTINGS.leaseMarginMs + 1;

    const live = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_second" }, T0 + 1000);
    const stale = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_third" }, later);
    const otherBody = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h2", orderId: "ord_fourth" }, later);

    expect(live).toMatchObject({ kind: "existing", record: { orderId: "ord_first" } });
    expect(stale).toMatchObject({ kind: "claimed", takeover: true, record: { orderId: "ord_first" } });
    expect(otherBody).toMatchObject({ kind: "existing", record: { orderId: "ord_first", requestHash: "h1" } });
  });

  it("ends a claim's lease just after its owner's invocation deadline, and gives a taker a lease to its own deadline", async () => {
    const key = freshKey();
    const ownerDeadline = T0 + 30_000;
    const leaseEnd = ownerDeadline + IDEMPOTENCY_SETTINGS.leaseMarginMs;
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_owner", ownerDeadline }, T0);

    const atLeaseEnd = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_early", ownerDeadline: leaseEnd + 30_000 }, leaseEnd);
    const justAfter = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_taker", ownerDeadline: leaseEnd + 1 + 30_000 }, leaseEnd + 1);

    expect(atLeaseEnd).toMatchObject({ kind: "existing", record: { orderId: "ord_owner", leaseExpiresAt: leaseEnd } });
    expect(justAfter).toMatchObject({ kind: "claimed", takeover: true, record: { orderId: "ord_owner", leaseExpiresAt: leaseEnd + 1 + 30_000 + IDEMPOTENCY_SETTINGS.leaseMarginMs } });
    expect(await getIdempotencyRecord(key, leaseEnd + 1)).toMatchObject({ leaseExpiresAt: leaseEnd + 1 + 30_000 + IDEMPOTENCY_SETTINGS.leaseMarginMs });
  });

  it("lets only one of several concurrent takers have a stale claim", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_dead" }, T0);
    const later = T0 + IDEMPOTENCY_SETTINGS.ownerLifetimeWithoutDeadlineMs + IDEMPOTENCY_SETTINGS.leaseMarginMs + 1;

    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: `ord_${i}` }, later)));

    expect(outcomes.filter((outcome) => outcome.kind === "claimed")).toHaveLength(1);
  });

  it("treats an expired record as absent even before DynamoDB's TTL deletes it", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_old" }, T0);
    await completeIdempotencyKey(key, "ord_old", T0);
    const nextDay = T0 + (IDEMPOTENCY_SETTINGS.ttlSeconds + 1) * 1000;

    expect(await getIdempotencyRecord(key, nextDay)).toBeUndefined();
    const outcome = await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h2", orderId: "ord_new" }, nextDay);
    expect(outcome).toMatchObject({ kind: "claimed", takeover: false, record: { orderId: "ord_new" } });
  });

  it("releases only its own IN_PROGRESS claim", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_mine" }, T0);

    await releaseIdempotencyKey(key, "ord_someone_else");
    expect(await getIdempotencyRecord(key, T0)).toBeDefined();

    await releaseIdempotencyKey(key, "ord_mine");
    expect(await getIdempotencyRecord(key, T0)).toBeUndefined();
  });

  it("never releases a completed claim", async () => {
    const key = freshKey();
    await claimIdempotencyKey({ idempotencyKey: key, requestHash: "h1", orderId: "ord_done" }, T0);
    await completeIdempotencyKey(key, "ord_done", T0);

    await releaseIdempotencyKey(key, "ord_done");

    const { Items = [] } = await local.doc.send(new ScanCommand({ TableName: process.env.IDEMPOTENCY_TABLE }));
    expect(Items.filter((item) => item.idempotencyKey === key)).toHaveLength(1);
  });
});
