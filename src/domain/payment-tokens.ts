/**
 * How the simulated payment provider treats a payment token. Two documented test tokens
 * make declines and transient provider trouble reproducible; any other token (or none)
 * is approved.
 */
export const TEST_PAYMENT_TOKENS = {
  /** Authorization is declined (PAYMENT_DECLINED). */
  DECLINE: "tok_decline",
  /** The first attempt of every payment action for the order fails transiently; retries succeed. */
  TRANSIENT: "tok_transient",
} as const;

export type PaymentTokenBehaviour = "approve" | "decline" | "fail-first-attempt";

export function paymentTokenBehaviour(paymentToken: string | undefined): PaymentTokenBehaviour {
  if (paymentToken === TEST_PAYMENT_TOKENS.DECLINE) return "decline";
  if (paymentToken === TEST_PAYMENT_TOKENS.TRANSIENT) return "fail-first-attempt";
  return "approve";
}
