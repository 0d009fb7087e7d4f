/**
 * Idempotency keys for POST /orders, in IdempotencyTable.
 *
 * A request claims its key with a conditional put; exactly one of any number of
 * concurrent requests wins, and the record names the order id the winner will create.
 * The winner marks it COMPLETED once the workflow has started; the others read it.
 * A claim is a lease: if the winner dies mid-way (Lambda timeout, crash), a later
 * request with the same body takes the claim over and finishes the same order.
 */
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { documentClient, isConditionalCheckFailed } from "./dynamodb";
import { requiredEnv } from "./env";

export const IdempotencyStatus = {
  InProgress: "IN_PROGRESS",
  Completed: "COMPLETED",
} as const;
export type IdempotencyStatus = (typeof IdempotencyStatus)[keyof typeof IdempotencyStatus];

export const IDEMPOTENCY_SETTINGS = {
  /** A key is remembered this long (the table's TTL attribute `expiresAt`, epoch seconds). */
  ttlSeconds: 24 * 60 * 60,
  /**
   * An IN_PROGRESS claim belongs to its owner until the owner's invocation deadline (Lambda
   * stops it then) plus this margin for the clocks of two Lambda hosts disagreeing.
   */
  leaseMarginMs: 5_000,
  /** The owner's lifetime when it runs outside Lambda and has no deadline. */
  ownerLifetimeWithoutDeadlineMs: 60_000,
} as const;

export interface IdempotencyRecord {
  idempotencyKey: string;
  status: IdempotencyStatus;
  /** SHA-256 of the canonical request body; another body under the same key is refused. */
  requestHash: string;
  orderId: string;
  /** TTL, epoch seconds. DynamoDB deletes late (and dynalite never), so reads check it too. */
  expiresAt: number;
  /** Epoch milliseconds until which an IN_PROGRESS claim is its owner's. */
  leaseExpiresAt: number;
  createdAt: string;
  completedAt?: string;
}

export interface ClaimRequest {
  idempotencyKey: string;
  requestHash: string;
  /** The order id to record if this request wins; a takeover keeps the recorded one instead. */
  orderId: string;
  /**
   * Epoch ms at which the claiming invocation is stopped (its Lambda Timeout). The claim's
   * lease ends just after it, so the API's Timeout is the one number that sets both.
   */
  ownerDeadline?: number;
}

export type ClaimOutcome =
  /** The caller owns the key and must create and start `record.orderId`, then complete or release the claim. */
  | { kind: "claimed"; record: IdempotencyRecord; takeover: boolean }
  /** Another request holds or held the key; `record` says with which body, which order, and how far it got. */
  | { kind: "existing"; record: IdempotencyRecord };

const MAX_CLAIM_ATTEMPTS = 3;

export async function claimIdempotencyKey(request: ClaimRequest, now: number = Date.now()): Promise<ClaimOutcome> {
  for (let attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
    const record = newRecord(request, now);
    try {
      await documentClient().send(
        new PutCommand({
          TableName: tableName(),
          Item: record,
          // An expired record counts as absent: TTL deletion can lag by hours.
          ConditionExpression: "attribute_not_exists(idempotencyKey) OR expiresAt < :nowSeconds",
          ExpressionAttributeValues: { ":nowSeconds": epochSeconds(now) },
        }),
      );
      return { kind: "claimed", record, takeover: false };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
    const existing = await getIdempotencyRecord(request.idempotencyKey, now);
    // Released or expired between our put and our read: try to claim again.
    if (existing === undefined) continue;
    if (isStaleClaim(existing, now) && existing.requestHash === request.requestHash) {
      const taken = await takeOver(existing, leaseEnd(request, now));
      if (taken) return { kind: "claimed", record: taken, takeover: true };
      continue;
    }
    return { kind: "existing", record: existing };
  }
  throw new Error(`idempotency key claim did not settle after ${MAX_CLAIM_ATTEMPTS} attempts`);
}

/** Marks the claim done: from now on every request with this key and body is answered with `orderId`. */
export async function completeIdempotencyKey(idempotencyKey: string, orderId: string, now: number = Date.now()): Promise<void> {
  await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { idempotencyKey },
      UpdateExpression: "SET #status = :completed, completedAt = :completedAt",
      ConditionExpression: "orderId = :orderId",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":completed": IdempotencyStatus.Completed, ":completedAt": new Date(now).toISOString(), ":orderId": orderId },
    }),
  );
}

/** Gives the key up after a failure, so that the client's retry with the same key starts afresh. */
export async function releaseIdempotencyKey(idempotencyKey: string, orderId: string): Promise<void> {
  try {
    await documentClient().send(
      new DeleteCommand({
        TableName: tableName(),
        Key: { idempotencyKey },
        ConditionExpression: "orderId = :orderId AND #status = :inProgress",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":orderId": orderId, ":inProgress": IdempotencyStatus.InProgress },
      }),
    );
  } catch (error) {
    // Someone else's claim by now (ours expired and was taken): not ours to delete.
    if (!isConditionalCheckFailed(error)) throw error;
  }
}

/** The live record for a key, or undefined when there is none or it has expired. */
export async function getIdempotencyRecord(idempotencyKey: string, now: number = Date.now()): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { idempotencyKey }, ConsistentRead: true }));
  const record = toRecord(Item);
  if (record === undefined || record.expiresAt < epochSeconds(now)) return undefined;
  return record;
}

/** An IN_PROGRESS claim whose owner has had longer than its lease: presumed dead. */
export function isStaleClaim(record: IdempotencyRecord, now: number = Date.now()): boolean {
  return record.status === IdempotencyStatus.InProgress && record.leaseExpiresAt < now;
}

/** When a claim made now by this request stops being its owner's. */
function leaseEnd(request: ClaimRequest, now: number): number {
  return (request.ownerDeadline ?? now + IDEMPOTENCY_SETTINGS.ownerLifetimeWithoutDeadlineMs) + IDEMPOTENCY_SETTINGS.leaseMarginMs;
}

async function takeOver(stale: IdempotencyRecord, leaseExpiresAt: number): Promise<IdempotencyRecord | undefined> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: { idempotencyKey: stale.idempotencyKey },
        UpdateExpression: "SET leaseExpiresAt = :lease",
        // Only the taker that saw this exact lease wins; the others re-read.
        ConditionExpression: "#status = :inProgress AND leaseExpiresAt = :staleLease",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":lease": leaseExpiresAt, ":inProgress": IdempotencyStatus.InProgress, ":staleLease": stale.leaseExpiresAt },
      }),
    );
    return { ...stale, leaseExpiresAt };
  } catch (error) {
    if (isConditionalCheckFailed(error)) return undefined;
    throw error;
  }
}

function newRecord(request: ClaimRequest, now: number): IdempotencyRecord {
  return {
    idempotencyKey: request.idempotencyKey,
    status: IdempotencyStatus.InProgress,
    requestHash: request.requestHash,
    orderId: request.orderId,
    expiresAt: epochSeconds(now) + IDEMPOTENCY_SETTINGS.ttlSeconds,
    leaseExpiresAt: leaseEnd(request, now),
    createdAt: new Date(now).toISOString(),
  };
}

function toRecord(item: Record<string, unknown> | undefined): IdempotencyRecord | undefined {
  if (item === undefined) return undefined;
  const { idempotencyKey, status, requestHash, orderId, expiresAt, leaseExpiresAt, createdAt, completedAt } = item;
  if (
    typeof idempotencyKey !== "string" ||
    (status !== IdempotencyStatus.InProgress && status !== IdempotencyStatus.Completed) ||
    typeof requestHash !== "string" ||
    typeof orderId !== "string" ||
    typeof expiresAt !== "number" ||
    typeof leaseExpiresAt !== "number" ||
    typeof createdAt !== "string"
  ) {
    throw new Error("malformed idempotency record");
  }
  const record: IdempotencyRecord = { idempotencyKey, status, requestHash, orderId, expiresAt, leaseExpiresAt, createdAt };
  if (typeof completedAt === "string") record.completedAt = completedAt;
  return record;
}

function epochSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function tableName(): string {
  return requiredEnv("IDEMPOTENCY_TABLE");
}
