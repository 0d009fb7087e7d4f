/** Order totals, all in integer cents. */
import { centsToDollars, multiplyCents, sumCents, assertCents, type Cents } from "./money";
import { taxCents, type UsStateCode } from "./tax";

export interface Totals {
  subtotalCents: Cents;
  taxCents: Cents;
  shippingCents: Cents;
  totalCents: Cents;
}

/** Totals as the API shows them, in dollars. */
export interface TotalsInDollars {
  subtotal: number;
  tax: number;
  shipping: number;
  total: number;
}

export interface PricedItem {
  quantity: number;
  unitPriceCents: Cents;
}

export function subtotalCents(items: readonly PricedItem[]): Cents {
  return sumCents(items.map((item) => multiplyCents(item.unitPriceCents, item.quantity)));
}

/** Tax applies to the goods only; shipping is not taxed in this model. */
export function computeTotals(items: readonly PricedItem[], shippingCents: Cents, state: UsStateCode): Totals {
  assertCents(shippingCents);
  if (shippingCents < 0) throw new RangeError(`shipping must not be negative: ${shippingCents}`);
  const subtotal = subtotalCents(items);
  const tax = taxCents(subtotal, state);
  return { subtotalCents: subtotal, taxCents: tax, shippingCents, totalCents: sumCents([subtotal, tax, shippingCents]) };
}

export function totalsInDollars(totals: Totals): TotalsInDollars {
  return {
    subtotal: centsToDollars(totals.subtotalCents),
    tax: centsToDollars(totals.taxCents),
    shipping: centsToDollars(totals.shippingCents),
    total: centsToDollars(totals.totalCents),
  };
}
