/**
 * The payments table as a ledger: one item per order and action (`entry` =
 * authorize | capture | refund | void), each written once with a conditional put, so a
 * retried or replayed action finds its first result instead of charging twice.
 *
 * The authorization item also carries the payment's state (authorized → captured or
 * voided). Capture and void both move it with a conditional update, which makes them
 * mutually exclusive without transactions.
 */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from "node:crypto";
import { assertCents, type Cents } from "../domain/money";
import { PaymentStateError } from "../domain/errors";
import { documentClient, isConditionalCheckFailed } from "./dynamodb";
import { requiredEnv } from "./env";

export type PaymentAction = "authorize" | "capture" | "refund" | "void";
export type AuthorizationState = "authorized" | "captured" | "voided";

export interface LedgerEntry {
  orderId: string;
  entry: PaymentAction;
  amountCents: Cents;
  paymentId: string;
  at: string;
}

export interface AuthorizationEntry extends LedgerEntry {
  entry: "authorize";
  state: AuthorizationState;
  /** Set for the test token that makes the first attempt of each action fail transiently. */
  failFirstAttempt?: boolean;
}

export interface LedgerOutcome {
  paymentId: string;
  amountCents: Cents;
  /** True when the ledger already held this action for the order. */
  replayed: boolean;
}

function tableName(): string {
  return requiredEnv("PAYMENTS_TABLE");
}

async function getEntry<T extends LedgerEntry>(orderId: string, entry: string): Promise<T | undefined> {
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName(), Key: { orderId, entry }, ConsistentRead: true }));
  return Item as T | undefined;
}

export function getAuthorization(orderId: string): Promise<AuthorizationEntry | undefined> {
  return getEntry<AuthorizationEntry>(orderId, "authorize");
}

/** Every ledger entry of an order (attempt counters excluded). */
export async function getLedgerEntries(orderId: string): Promise<LedgerEntry[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({ TableName: tableName(), KeyConditionExpression: "orderId = :o", ExpressionAttributeValues: { ":o": orderId }, ConsistentRead: true }),
  );
  return (Items as LedgerEntry[]).filter((item) => !item.entry.startsWith("attempts#"));
}

/** Writes the entry unless it exists; returns the entry the ledger holds and whether it was already there. */
async function putOnce<T extends LedgerEntry>(item: T): Promise<{ entry: T; replayed: boolean }> {
  try {
    await documentClient().send(new PutCommand({ TableName: tableName(), Item: item, ConditionExpression: "attribute_not_exists(entry)" }));
    return { entry: item, replayed: false };
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw error;
  }
  const existing = await getEntry<T>(item.orderId, item.entry);
  if (!existing) throw new Error(`ledger entry ${item.entry} for order ${item.orderId} vanished`);
  return { entry: existing, replayed: true };
}

function outcome(entry: LedgerEntry, replayed: boolean): LedgerOutcome {
  return { paymentId: entry.paymentId, amountCents: entry.amountCents, replayed };
}

function assertPositive(amountCents: Cents): void {
  assertCents(amountCents);
  if (amountCents <= 0) throw new RangeError(`amount must be positive: ${amountCents}`);
}

export async function authorizePayment(orderId: string, amountCents: Cents, options: { failFirstAttempt?: boolean; at?: string } = {}): Promise<LedgerOutcome> {
  assertPositive(amountCents);
  const item: AuthorizationEntry = {
    orderId,
    entry: "authorize",
    amountCents,
    paymentId: `pay_${randomUUID()}`,
    at: options.at ?? new Date().toISOString(),
    state: "authorized",
    ...(options.failFirstAttempt ? { failFirstAttempt: true } : {}),
  };
  const { entry, replayed } = await putOnce(item);
  return outcome(entry, replayed);
}

/** Captures (part of) the authorized amount. Needs an authorization that was not voided. */
export async function capturePayment(orderId: string, amountCents: Cents, at: string = new Date().toISOString()): Promise<LedgerOutcome> {
  assertPositive(amountCents);
  const authorization = await moveAuthorization(orderId, "captured", (auth) => {
    if (auth.state === "voided") return new PaymentStateError("AUTHORIZATION_VOIDED", `authorization for order ${orderId} was voided`);
    if (amountCents > auth.amountCents) {
      return new PaymentStateError("AMOUNT_EXCEEDS_AUTHORIZED", `capture of ${amountCents} exceeds the authorized ${auth.amountCents}`);
    }
    return undefined;
  });
  const { entry, replayed } = await putOnce<LedgerEntry>({ orderId, entry: "capture", amountCents, paymentId: authorization.paymentId, at });
  return outcome(entry, replayed);
}

/** Releases an authorization that will not be captured (compensation before capture). */
export async function voidPayment(orderId: string, at: string = new Date().toISOString()): Promise<LedgerOutcome> {
  const authorization = await moveAuthorization(orderId, "voided", (auth) =>
    auth.state === "captured" ? new PaymentStateError("ALREADY_CAPTURED", `payment for order ${orderId} is captured; refund it instead`) : undefined,
  );
  const { entry, replayed } = await putOnce<LedgerEntry>({ orderId, entry: "void", amountCents: authorization.amountCents, paymentId: authorization.paymentId, at });
  return outcome(entry, replayed);
}

/** Pays back a captured amount (compensation after capture); at most once per order. */
export async function refundPayment(orderId: string, amountCents: Cents, at: string = new Date().toISOString()): Promise<LedgerOutcome> {
  assertPositive(amountCents);
  const capture = await getEntry<LedgerEntry>(orderId, "capture");
  if (!capture) throw new PaymentStateError("NOT_CAPTURED", `no capture to refund for order ${orderId}`);
  if (amountCents > capture.amountCents) {
    throw new PaymentStateError("AMOUNT_EXCEEDS_AUTHORIZED", `refund of ${amountCents} exceeds the captured ${capture.amountCents}`);
  }
  const { entry, replayed } = await putOnce<LedgerEntry>({ orderId, entry: "refund", amountCents, paymentId: capture.paymentId, at });
  return outcome(entry, replayed);
}

/**
 * Moves the authorization from authorized to `to` with a conditional update; `refuse`
 * names states (other than `to` itself, which is a replay) that make the move an error.
 */
async function moveAuthorization(orderId: string, to: "captured" | "voided", refuse: (auth: AuthorizationEntry) => PaymentStateError | undefined): Promise<AuthorizationEntry> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const authorization = await getAuthorization(orderId);
    if (!authorization) throw new PaymentStateError("NOT_AUTHORIZED", `no authorization for order ${orderId}`);
    const refusal = refuse(authorization);
    if (refusal) throw refusal;
    if (authorization.state === to) return authorization;
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: { orderId, entry: "authorize" },
          UpdateExpression: "SET #state = :to",
          ConditionExpression: "#state = :authorized",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":to": to, ":authorized": "authorized" },
        }),
      );
      return { ...authorization, state: to };
    } catch (error) {
      // A concurrent capture or void moved it first; the next read tells which.
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }
  throw new Error(`authorization for order ${orderId} kept changing`);
}

/** Counts one more attempt of an action for the order (entry `attempts#<action>`); returns the count, 1 for the first. */
export async function recordAttempt(orderId: string, action: PaymentAction): Promise<number> {
  const { Attributes } = await documentClient().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: { orderId, entry: `attempts#${action}` },
      UpdateExpression: "ADD attempts :one",
      ExpressionAttributeValues: { ":one": 1 },
      ReturnValues: "UPDATED_NEW",
    }),
  );
  return Number(Attributes?.attempts ?? 1);
}
