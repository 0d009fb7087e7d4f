/**
 * Payment worker, a simulated provider over the payments ledger. Test tokens
 * (domain/payment-tokens.ts): "tok_decline" is declined; "tok_transient" makes the first
 * attempt of every action for the order throw TransientWorkerError (attempts are counted
 * in the ledger, so the behaviour survives cold starts and concurrent containers).
 */
import type { Context } from "aws-lambda";
import { authorizePayment, capturePayment, getAuthorization, recordAttempt, refundPayment, voidPayment, type LedgerOutcome, type PaymentAction } from "../adapters/payments-ledger";
import { PaymentStateError } from "../domain/errors";
import { paymentTokenBehaviour } from "../domain/payment-tokens";
import type { PaymentRequest, PaymentResponse } from "./contracts";
import { paymentRequestSchema } from "./requests";
import { TransientWorkerError } from "./simulation";
import { refuse, runWorker } from "./worker-runtime";

export async function handler(event: PaymentRequest, context?: Context): Promise<PaymentResponse> {
  return runWorker("payment", paymentRequestSchema, event, async (request): Promise<PaymentResponse> => {
    const { action, orderId } = request;
    try {
      if (action === "authorize") {
        const behaviour = paymentTokenBehaviour(request.paymentToken);
        if (behaviour === "decline") return refuse("PAYMENT_DECLINED", "the card issuer declined the payment");
        const failFirstAttempt = behaviour === "fail-first-attempt";
        if (failFirstAttempt) await failOnFirstAttempt(orderId, action);
        return succeeded(request, await authorizePayment(orderId, request.amountCents, { failFirstAttempt }));
      }
      if ((await getAuthorization(orderId))?.failFirstAttempt) await failOnFirstAttempt(orderId, action);
      switch (action) {
        case "capture":
          return succeeded(request, await capturePayment(orderId, request.amountCents));
        case "refund":
          return succeeded(request, await refundPayment(orderId, request.amountCents));
        case "void":
          return succeeded(request, await voidPayment(orderId));
        default:
          return action satisfies never;
      }
    } catch (error) {
      if (error instanceof PaymentStateError) return refuse(error.reason, error.message);
      throw error;
    }
  }, context);
}

async function failOnFirstAttempt(orderId: string, action: PaymentAction): Promise<void> {
  if ((await recordAttempt(orderId, action)) === 1) {
    throw new TransientWorkerError(`payment provider unavailable on the first ${action} attempt (test token tok_transient)`);
  }
}

function succeeded(request: PaymentRequest, outcome: LedgerOutcome): PaymentResponse {
  return { ok: true, action: request.action, orderId: request.orderId, ...outcome };
}
