/**
 * Domain errors. Each sets `name` (the only thing besides the message that survives a
 * durable checkpoint) and accepts ErrorOptions so a cause is kept.
 */
import type { FieldError } from "./order";
import type { OrderStatus } from "./status";

/** Base class of every error the order domain raises on purpose. */
export class OrderDomainError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "OrderDomainError";
  }
}

/** The order input broke the schema; `errors` names each field. */
export class ValidationError extends OrderDomainError {
  readonly errors: readonly FieldError[];
  constructor(errors: readonly FieldError[], options?: ErrorOptions) {
    super(`invalid order: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}`, options);
    this.name = "ValidationError";
    this.errors = errors;
  }
}

/** A status change the status machine does not allow (for example completed → failed). */
export class IllegalStatusTransitionError extends OrderDomainError {
  readonly from: OrderStatus;
  readonly to: OrderStatus;
  constructor(from: OrderStatus, to: OrderStatus, options?: ErrorOptions) {
    super(`illegal order status transition ${from} -> ${to}`, options);
    this.name = "IllegalStatusTransitionError";
    this.from = from;
    this.to = to;
  }
}

/** No order with this id exists. */
export class OrderNotFoundError extends OrderDomainError {
  readonly orderId: string;
  constructor(orderId: string, options?: ErrorOptions) {
    super(`order ${orderId} not found`, options);
    this.name = "OrderNotFoundError";
    this.orderId = orderId;
  }
}

/** One or more products are unknown or short of stock. */
export class OutOfStockError extends OrderDomainError {
  readonly productIds: readonly string[];
  constructor(productIds: readonly string[], options?: ErrorOptions) {
    super(`out of stock: ${productIds.join(", ")}`, options);
    this.name = "OutOfStockError";
    this.productIds = productIds;
  }
}

/** The payment provider refused the payment. */
export class PaymentDeclinedError extends OrderDomainError {
  constructor(message = "payment declined", options?: ErrorOptions) {
    super(message, options);
    this.name = "PaymentDeclinedError";
  }
}

/** A payment action out of order: capture without authorization, refund without capture, capture after void. */
export class PaymentStateError extends OrderDomainError {
  readonly reason: "NOT_AUTHORIZED" | "NOT_CAPTURED" | "AUTHORIZATION_VOIDED" | "ALREADY_CAPTURED" | "AMOUNT_EXCEEDS_AUTHORIZED";
  constructor(reason: PaymentStateError["reason"], message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "PaymentStateError";
    this.reason = reason;
  }
}

/** Fraud scoring flagged the order. */
export class FraudSuspectedError extends OrderDomainError {
  constructor(message = "order flagged by fraud check", options?: ErrorOptions) {
    super(message, options);
    this.name = "FraudSuspectedError";
  }
}

/** The customer failed the credit check required for large orders. */
export class CreditCheckFailedError extends OrderDomainError {
  constructor(message = "credit check failed", options?: ErrorOptions) {
    super(message, options);
    this.name = "CreditCheckFailedError";
  }
}

/** A person rejected the order during approval. */
export class ApprovalRejectedError extends OrderDomainError {
  constructor(message = "order rejected by approver", options?: ErrorOptions) {
    super(message, options);
    this.name = "ApprovalRejectedError";
  }
}

/** Nobody answered the approval request in time. */
export class ApprovalTimedOutError extends OrderDomainError {
  constructor(message = "approval timed out", options?: ErrorOptions) {
    super(message, options);
    this.name = "ApprovalTimedOutError";
  }
}
