export type { Cents } from "./money";
export { assertCents, centsToDollars, dollarsToCents, formatUsd, isCents, isDollarAmount, MoneyFormatError, multiplyCents, sumCents } from "./money";
export type { UsStateCode } from "./tax";
export { isUsStateCode, STATE_TAX_BASIS_POINTS, taxCents, taxRateBasisPoints, US_STATE_CODES } from "./tax";
export type { FieldError, LineItem, OrderInput, ParseResult, ShippingAddress, ValidatedOrder } from "./order";
export { formatPath, ORDER_ID_PATTERN, ORDER_LIMITS, orderInputSchema, parseOrderInput } from "./order";
export type { PricedItem, Totals, TotalsInDollars } from "./totals";
export { computeTotals, subtotalCents, totalsInDollars } from "./totals";
export type { OrderStatus } from "./status";
export {
  assertTransition,
  canTransition,
  hasReached,
  isOrderStatus,
  isTerminal,
  nextStatuses,
  ORDER_STATUS,
  ORDER_STATUSES,
  progressionIndex,
  STATUS_PROGRESSION,
  TERMINAL_STATUSES,
} from "./status";
export {
  ApprovalRejectedError,
  ApprovalTimedOutError,
  CreditCheckFailedError,
  FraudSuspectedError,
  IllegalStatusTransitionError,
  OrderDomainError,
  OrderNotFoundError,
  OutOfStockError,
  PaymentDeclinedError,
  PaymentStateError,
  ValidationError,
} from "./errors";
export type { ShippingQuoteInput } from "./shipping";
export { isPickupReady, quoteShippingCents, SHIPPING_RATES, trackingNumberFor } from "./shipping";
export type { CreditDecision, FraudAssessment, RiskInput } from "./risk";
export { assessFraud, checkCredit, isCreditCheckRequired, RISK_RULES, RISK_TEST_CUSTOMERS } from "./risk";
export type { PaymentTokenBehaviour } from "./payment-tokens";
export { paymentTokenBehaviour, TEST_PAYMENT_TOKENS } from "./payment-tokens";
export type { ApprovalDecision } from "./approval";
export { APPROVAL_LIMITS, approvalDecisionSchema, parseApprovalDecision } from "./approval";
export { fieldErrorsOf, parseWith } from "./validation";
export { canonicalJson } from "./canonical-json";
export type { StoredOrderFields } from "./workflow-input";
export { workflowOrderInput } from "./workflow-input";
export type { EndedExecutionStatus, RecoveryPlan, RecoveryUndo } from "./recovery";
export { abandonedFailureReason, RECOVERY_UNDO_ORDER, recoveryPlanFor } from "./recovery";
