/**
 * The order status machine. The happy path is a straight line with one optional
 * detour (approval for high-value orders); every non-terminal status may fail.
 */
import { IllegalStatusTransitionError } from "./errors";

export const ORDER_STATUS = {
  RECEIVED: "received",
  VALIDATED: "validated",
  PREPARED: "prepared",
  FRAUD_CHECKED: "fraud-checked",
  AWAITING_APPROVAL: "awaiting-approval",
  APPROVED: "approved",
  INVENTORY_RESERVED: "inventory-reserved",
  PAYMENT_PROCESSED: "payment-processed",
  INVOICE_GENERATED: "invoice-generated",
  AWAITING_WAREHOUSE: "awaiting-warehouse",
  ITEMS_PICKED: "items-picked",
  QUALITY_CHECKED: "quality-checked",
  PACKAGED: "packaged",
  AWAITING_PICKUP: "awaiting-pickup",
  SHIPPED: "shipped",
  COMPLETED: "completed",
  FAILED: "failed",
  REJECTED: "rejected",
  APPROVAL_TIMED_OUT: "approval-timed-out",
} as const;

export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

export const ORDER_STATUSES: readonly OrderStatus[] = Object.freeze(Object.values(ORDER_STATUS));

/** The progression in order; approval statuses are skipped by orders under the threshold. */
export const STATUS_PROGRESSION = Object.freeze([
  "received",
  "validated",
  "prepared",
  "fraud-checked",
  "awaiting-approval",
  "approved",
  "inventory-reserved",
  "payment-processed",
  "invoice-generated",
  "awaiting-warehouse",
  "items-picked",
  "quality-checked",
  "packaged",
  "awaiting-pickup",
  "shipped",
  "completed",
] as const satisfies readonly OrderStatus[]);

export const TERMINAL_STATUSES: ReadonlySet<OrderStatus> = new Set<OrderStatus>(["completed", "failed", "rejected", "approval-timed-out"]);

const NEXT: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  received: ["validated"],
  validated: ["prepared"],
  prepared: ["fraud-checked"],
  "fraud-checked": ["awaiting-approval", "inventory-reserved"],
  "awaiting-approval": ["approved", "rejected", "approval-timed-out"],
  approved: ["inventory-reserved"],
  "inventory-reserved": ["payment-processed"],
  "payment-processed": ["invoice-generated"],
  "invoice-generated": ["awaiting-warehouse"],
  "awaiting-warehouse": ["items-picked"],
  "items-picked": ["quality-checked"],
  "quality-checked": ["packaged"],
  packaged: ["awaiting-pickup"],
  "awaiting-pickup": ["shipped"],
  shipped: ["completed"],
  completed: [],
  failed: [],
  rejected: [],
  "approval-timed-out": [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === "string" && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL_STATUSES.has(status);
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (to === "failed") return !isTerminal(from);
  return NEXT[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalStatusTransitionError(from, to);
}

/** The statuses from which `to` is one legal step. */
export function previousStatuses(to: OrderStatus): readonly OrderStatus[] {
  return ORDER_STATUSES.filter((from) => canTransition(from, to));
}

/** The statuses reachable in one step from `from`. */
export function nextStatuses(from: OrderStatus): readonly OrderStatus[] {
  return isTerminal(from) ? [] : [...NEXT[from], "failed"];
}

/**
 * Position on the happy path, or undefined for the failure statuses, which sit
 * outside the progression.
 */
export function progressionIndex(status: OrderStatus): number | undefined {
  const index = (STATUS_PROGRESSION as readonly OrderStatus[]).indexOf(status);
  return index === -1 ? undefined : index;
}

/**
 * True when an order at `current` has already been through `target` or is exactly at it
 * — so recording `target` again is a replay, not progress. A status skipped on the way
 * (awaiting-approval for a small order) also counts as passed: it can no longer happen.
 */
export function hasReached(current: OrderStatus, target: OrderStatus): boolean {
  if (current === target) return true;
  const currentIndex = progressionIndex(current);
  const targetIndex = progressionIndex(target);
  return currentIndex !== undefined && targetIndex !== undefined && currentIndex > targetIndex;
}
