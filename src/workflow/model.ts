/** The shapes that flow from phase to phase of the order workflow. */
import type { Cents } from "../domain/money";
import type { ValidatedOrder } from "../domain/order";
import type { Totals, TotalsInDollars } from "../domain/totals";
import type { LineItemRef } from "../workers/contracts";

/**
 * What starts an execution. The API always sends `orderId` (and has stored the order as
 * `received`); a direct invoke may omit it. `order` is revalidated either way, so it is
 * typed as what it really is on arrival: unknown JSON.
 */
export interface OrderWorkflowEvent {
  orderId?: string;
  order: unknown;
}

/** The execution's result for an order that completed. */
export interface OrderSummary {
  orderId: string;
  status: "completed";
  totals: TotalsInDollars;
  trackingNumber: string;
}

/** An order that passed validation and is stored. */
export interface AcceptedOrder {
  orderId: string;
  order: ValidatedOrder;
  /** When the order was first stored (`received`), for TimeToComplete. */
  acceptedAt?: string;
}

/** An order whose price is known and whose payment is authorized. */
export interface PreparedOrder extends AcceptedOrder {
  totals: Totals;
  /** The authorization hold; the capture takes the exact total, which never exceeds it. */
  authorizedCents: Cents;
}

/** A packaged order handed to the carrier, waiting to be collected. */
export interface LabelledOrder extends PreparedOrder {
  trackingNumber: string;
}

/** Items as the workers take them: product and quantity only. */
export function itemRefs(order: ValidatedOrder): LineItemRef[] {
  return order.items.map(({ productId, quantity }) => ({ productId, quantity }));
}
