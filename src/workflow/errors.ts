/**
 * Errors the workflow itself raises. Domain refusals (out of stock, declined, rejected)
 * use the domain's errors; these cover what only the orchestration can see. Each sets
 * `name`, the part of an error that survives a checkpoint and becomes the execution's
 * ErrorType.
 */

/** Base of the workflow's own reasons to stop an order (after compensating it). */
export class OrderCannotContinueError extends Error {
  override name = "OrderCannotContinueError";
}

/** A worker did not answer after every retry; what it would have decided is unknown. */
export class WorkerUnavailableError extends OrderCannotContinueError {
  override name = "WorkerUnavailableError";
}

/** A worker refused a request the workflow did not expect it to refuse (a contract mismatch, not a business outcome). */
export class WorkerRefusedError extends OrderCannotContinueError {
  override name = "WorkerRefusedError";
}

/** The approval callback's result was not `{"approved": boolean, "reason"?: string}`. */
export class InvalidApprovalResponseError extends OrderCannotContinueError {
  override name = "InvalidApprovalResponseError";
}

/** The carrier would not take the parcel (for example, it refused the address). */
export class ShippingLabelRefusedError extends OrderCannotContinueError {
  override name = "ShippingLabelRefusedError";
}

/** One pickup-status poll could not reach the shipping worker; the poll counts as "not yet". */
export class CarrierUnavailableError extends Error {
  override name = "CarrierUnavailableError";
}
