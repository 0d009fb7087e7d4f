/**
 * Risk rules: a fraud score and a credit check. Pure functions, so the workflow can run
 * them inside durable steps and tests can state exact outcomes.
 *
 * Documented test triggers (customerId):
 *   - "cust-fraud"       always scores 100 → flagged as fraud
 *   - "cust-bad-credit"  fails the credit check whenever one is required (total > $1,000)
 */
import type { Cents } from "./money";

export const RISK_TEST_CUSTOMERS = {
  FRAUD: "cust-fraud",
  BAD_CREDIT: "cust-bad-credit",
} as const;

export const RISK_RULES = {
  /** Scores at or above this are refused. */
  fraudScoreLimit: 80,
  /** Large orders add points; no ordinary order alone reaches the limit. */
  largeOrderCents: 1_000_000,
  largeOrderPoints: 30,
  veryLargeOrderCents: 5_000_000,
  veryLargeOrderPoints: 25,
  bulkUnits: 100,
  bulkPoints: 20,
  /** A credit check runs when the total is strictly above $1,000. */
  creditCheckAboveCents: 100_000,
  /** No customer has credit above this in the simulation. */
  creditLimitCents: 25_000_000,
} as const;

export interface RiskInput {
  customerId: string;
  totalCents: Cents;
  /** Sum of item quantities. */
  units: number;
}

export interface FraudAssessment {
  score: number;
  flagged: boolean;
  reasons: string[];
}

export function assessFraud({ customerId, totalCents, units }: RiskInput): FraudAssessment {
  if (customerId === RISK_TEST_CUSTOMERS.FRAUD) return { score: 100, flagged: true, reasons: ["customer on the fraud list"] };
  const reasons: string[] = [];
  let score = 0;
  if (totalCents > RISK_RULES.largeOrderCents) {
    score += RISK_RULES.largeOrderPoints;
    reasons.push("large order");
  }
  if (totalCents > RISK_RULES.veryLargeOrderCents) {
    score += RISK_RULES.veryLargeOrderPoints;
    reasons.push("very large order");
  }
  if (units > RISK_RULES.bulkUnits) {
    score += RISK_RULES.bulkPoints;
    reasons.push("bulk quantity");
  }
  return { score, flagged: score >= RISK_RULES.fraudScoreLimit, reasons };
}

export function isCreditCheckRequired(totalCents: Cents): boolean {
  return totalCents > RISK_RULES.creditCheckAboveCents;
}

export interface CreditDecision {
  required: boolean;
  approved: boolean;
  reason?: string;
}

export function checkCredit({ customerId, totalCents }: Pick<RiskInput, "customerId" | "totalCents">): CreditDecision {
  if (!isCreditCheckRequired(totalCents)) return { required: false, approved: true };
  if (customerId === RISK_TEST_CUSTOMERS.BAD_CREDIT) return { required: true, approved: false, reason: "credit check declined" };
  if (totalCents > RISK_RULES.creditLimitCents) return { required: true, approved: false, reason: "total exceeds credit limit" };
  return { required: true, approved: true };
}
