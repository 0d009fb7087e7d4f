/** Tax worker: sales tax on a subtotal by US state, from the table in domain/tax.ts. */
import type { Context } from "aws-lambda";
import { taxCents, taxRateBasisPoints } from "../domain/tax";
import type { TaxRequest, TaxResponse } from "./contracts";
import { taxRequestSchema } from "./requests";
import { runWorker } from "./worker-runtime";

export async function handler(event: TaxRequest, context?: Context): Promise<TaxResponse> {
  return runWorker("tax", taxRequestSchema, event, async ({ orderId, subtotalCents, state }) => ({
    ok: true as const,
    action: "calculate" as const,
    orderId,
    taxCents: taxCents(subtotalCents, state),
    rateBasisPoints: taxRateBasisPoints(state),
  }), context);
}
