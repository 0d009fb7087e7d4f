/**
 * Risk assessment, grouped in one child context `assess-risk`: a fraud score for every
 * order, and a credit check only for totals over $1,000. The child returns its verdict
 * as data; the caller decides, so the refusal is thrown in the parent context with its
 * domain error intact.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { CreditCheckFailedError, FraudSuspectedError } from "../../domain/errors";
import { assessFraud, checkCredit, isCreditCheckRequired, type CreditDecision, type FraudAssessment } from "../../domain/risk";
import type { PreparedOrder } from "../model";
import { recordOrderStatus } from "../order-status";
import { RISK_CHECK_RETRY } from "../policies";

interface RiskVerdict {
  fraud: FraudAssessment;
  credit?: CreditDecision;
}

export async function assessRisk(context: DurableContext, prepared: PreparedOrder): Promise<void> {
  const { orderId, order, totals } = prepared;
  const input = { customerId: order.customerId, totalCents: totals.totalCents, units: order.items.reduce((sum, item) => sum + item.quantity, 0) };

  const verdict = await context.runInChildContext(
    "assess-risk",
    async (risk): Promise<RiskVerdict> => {
      const fraud = await risk.step("fraud-check", async () => assessFraud(input), { retryStrategy: RISK_CHECK_RETRY });
      if (fraud.flagged) return { fraud };
      if (!isCreditCheckRequired(totals.totalCents)) {
        await recordOrderStatus(risk, orderId, "fraud-checked");
        return { fraud };
      }
      const credit = await risk.step("credit-check", async () => checkCredit(input), { retryStrategy: RISK_CHECK_RETRY });
      if (credit.approved) await recordOrderStatus(risk, orderId, "fraud-checked");
      return { fraud, credit };
    },
  );

  if (verdict.fraud.flagged) throw new FraudSuspectedError(`order flagged by fraud check (score ${verdict.fraud.score}: ${verdict.fraud.reasons.join(", ")})`);
  if (verdict.credit && !verdict.credit.approved) throw new CreditCheckFailedError(`credit check failed: ${verdict.credit.reason ?? "declined"}`);
}
