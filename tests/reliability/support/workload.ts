/**
 * A reproducible mix of orders for the load suites, and the person who answers the
 * ones that wait for approval.
 *
 * The mix covers every way an order can end: most complete; some pay with a token that
 * fails once, some are declined, some ask for a product nobody stocks, and some are
 * large enough to need approval (alternately approved and rejected).
 */
import { setTimeout as delay } from "node:timers/promises";
import { TERMINAL_STATUSES, readOrder } from "../../support/stack";
import { PAYMENT_TOKENS, PRODUCTS, largeOrder, postApproval, smallOrder, type OrderInputBody } from "./orders";

export const OrderKind = {
  Plain: "plain",
  TransientPayment: "transient-payment",
  Declined: "declined",
  UnknownProduct: "unknown-product",
  NeedsApproval: "needs-approval",
} as const;
export type OrderKind = (typeof OrderKind)[keyof typeof OrderKind];

export interface PlannedOrder {
  kind: OrderKind;
  body: OrderInputBody;
  /** For orders that need approval: what the approver will answer. */
  approve?: boolean;
}

/**
 * The personal data every planned order carries: recognisable, so a suite can check that
 * none of it reached the logs, even on retry, compensation and crash paths.
 */
export const LOAD_PERSONAL_DATA = {
  customerEmail: "load.customer.7f3a@example.net",
  line1: "77 Reliability Row",
  city: "Chaosville",
  zip: "60614-2231",
} as const;

/** Which of `values` (by name) appear in `logs`. */
export function personalDataIn(logs: string, values: Readonly<Record<string, string>> = LOAD_PERSONAL_DATA): string[] {
  return Object.entries(values).filter(([, value]) => logs.includes(value)).map(([name]) => name);
}

const CHEAP = [PRODUCTS.book, PRODUCTS.mouse, PRODUCTS.keyboard, PRODUCTS.cable, PRODUCTS.monitor] as const;
const STATES = ["CA", "NY", "TX", "WA", "OR"] as const;

/** A small deterministic PRNG, so a failing run can be replayed with the same mix. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` orders; the kinds follow a fixed cycle so even small runs contain every kind. */
export function planOrders(count: number, seed: number): PlannedOrder[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const cycle: OrderKind[] = [
    OrderKind.Plain, OrderKind.Plain, OrderKind.TransientPayment, OrderKind.Plain, OrderKind.Declined,
    OrderKind.Plain, OrderKind.NeedsApproval, OrderKind.Plain, OrderKind.UnknownProduct, OrderKind.Plain,
  ];
  let approvals = 0;
  return Array.from({ length: count }, (_, index) => {
    const kind = cycle[index % cycle.length] as OrderKind;
    const products = [...CHEAP].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 3));
    const base = smallOrder({
      customerId: `cust-load-${index}`,
      customerEmail: LOAD_PERSONAL_DATA.customerEmail,
      shippingAddress: { line1: LOAD_PERSONAL_DATA.line1, city: LOAD_PERSONAL_DATA.city, state: pick(STATES), zip: LOAD_PERSONAL_DATA.zip },
      items: products.map((product) => ({ ...product, quantity: 1 + Math.floor(random() * 3) })),
    });
    switch (kind) {
      case OrderKind.TransientPayment:
        return { kind, body: { ...base, paymentToken: PAYMENT_TOKENS.transient } };
      case OrderKind.Declined:
        return { kind, body: { ...base, paymentToken: PAYMENT_TOKENS.decline } };
      case OrderKind.UnknownProduct:
        return { kind, body: { ...base, items: [...base.items, { productId: "GHOST-404", name: "A product nobody stocks", quantity: 1, price: 5 }] } };
      case OrderKind.NeedsApproval:
        return { kind, body: largeOrder({ customerId: `cust-load-${index}`, customerEmail: base.customerEmail, shippingAddress: base.shippingAddress }), approve: approvals++ % 2 === 0 };
      default:
        return { kind, body: base };
    }
  });
}

/**
 * Answers approvals as they come up, until `signal` aborts. `decisions` may grow while it
 * runs (orders still being posted). The API URL is read each round so a restarted stack
 * is followed; failed attempts (stack down) are simply tried again on the next round.
 */
export async function approveWhenAsked(
  apiUrl: () => string,
  decisions: ReadonlyMap<string, boolean>,
  signal: AbortSignal,
): Promise<void> {
  const ended = new Set<string>();
  while (!signal.aborted) {
    for (const orderId of [...decisions.keys()].filter((id) => !ended.has(id))) {
      const order = await readOrder(apiUrl(), orderId).catch(() => undefined);
      if (!order) continue;
      if (TERMINAL_STATUSES.has(order.status)) {
        ended.add(orderId);
      } else if (order.status === "awaiting-approval") {
        await postApproval(apiUrl(), orderId, { approved: decisions.get(orderId), reason: "reliability suite" }).catch(() => undefined);
      }
    }
    await delay(150).catch(() => undefined);
  }
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T, index);
    }
  });
  await Promise.all(workers);
  return results;
}

/** What the latency spikes of a run were, for the test output. */
export interface SpikeReport {
  count: number;
  totalMs: number;
}

/**
 * Freezes the stack for 50–400 ms every 0.5–2.5 s until `signal` aborts: latency spikes
 * that hit workers, checkpoints and DynamoDB alike, on top of each worker's own latency.
 */
export async function spikeLatency(pause: (ms: number) => Promise<void>, signal: AbortSignal, random: () => number): Promise<SpikeReport> {
  const report: SpikeReport = { count: 0, totalMs: 0 };
  while (!signal.aborted) {
    await delay(500 + Math.round(random() * 2_000), undefined, { signal }).catch(() => undefined);
    if (signal.aborted) break;
    const ms = 50 + Math.round(random() * 350);
    await pause(ms);
    report.count++;
    report.totalMs += ms;
  }
  return report;
}
