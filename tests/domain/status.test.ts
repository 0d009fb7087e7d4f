import { IllegalStatusTransitionError } from "../../src/domain/errors";
import {
  assertTransition,
  canTransition,
  hasReached,
  isTerminal,
  nextStatuses,
  ORDER_STATUSES,
  previousStatuses,
  STATUS_PROGRESSION,
  type OrderStatus,
} from "../../src/domain/status";

const SMALL_ORDER_PATH: OrderStatus[] = STATUS_PROGRESSION.filter((s) => s !== "awaiting-approval" && s !== "approved");

describe("order status machine", () => {
  it("names, for every status, exactly the statuses it may follow", () => {
    for (const to of ORDER_STATUSES) {
      expect([...previousStatuses(to)].sort()).toEqual(ORDER_STATUSES.filter((from) => nextStatuses(from).includes(to)).sort());
    }
    expect(previousStatuses("received")).toEqual([]);
    expect(previousStatuses("inventory-reserved")).toEqual(["fraud-checked", "approved"]);
  });

  it("has no cycles, so an order at a status a write may follow has not recorded that write yet", () => {
    const reachable = (from: OrderStatus): Set<OrderStatus> => {
      const seen = new Set<OrderStatus>();
      const queue = [...nextStatuses(from)];
      while (queue.length > 0) {
        const next = queue.pop()!;
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(...nextStatuses(next));
      }
      return seen;
    };
    expect(ORDER_STATUSES.filter((status) => reachable(status).has(status))).toEqual([]);
  });

  it("walks the full happy path with approval", () => {
    for (let i = 1; i < STATUS_PROGRESSION.length; i++) {
      expect(canTransition(STATUS_PROGRESSION[i - 1]!, STATUS_PROGRESSION[i]!)).toBe(true);
    }
  });

  it("lets a small order skip approval", () => {
    for (let i = 1; i < SMALL_ORDER_PATH.length; i++) expect(canTransition(SMALL_ORDER_PATH[i - 1]!, SMALL_ORDER_PATH[i]!)).toBe(true);
  });

  it("ends an approval in approved, rejected or approval-timed-out", () => {
    expect(nextStatuses("awaiting-approval")).toEqual(["approved", "rejected", "approval-timed-out", "failed"]);
    expect(canTransition("approved", "inventory-reserved")).toBe(true);
  });

  it("lets every non-terminal status fail", () => {
    for (const status of ORDER_STATUSES.filter((s) => !isTerminal(s))) expect(canTransition(status, "failed")).toBe(true);
  });

  it("has exactly four terminal statuses that go nowhere", () => {
    const terminal = ORDER_STATUSES.filter(isTerminal);
    expect(terminal.sort()).toEqual(["approval-timed-out", "completed", "failed", "rejected"]);
    for (const from of terminal) for (const to of ORDER_STATUSES) expect(canTransition(from, to)).toBe(false);
  });

  it("refuses skipping ahead, going back and staying put", () => {
    expect(canTransition("received", "prepared")).toBe(false);
    expect(canTransition("prepared", "validated")).toBe(false);
    expect(canTransition("shipped", "shipped")).toBe(false);
    expect(canTransition("prepared", "rejected")).toBe(false);
    expect(canTransition("fraud-checked", "approved")).toBe(false);
  });

  it("throws a named error for an illegal transition", () => {
    expect(() => assertTransition("completed", "failed")).toThrow(IllegalStatusTransitionError);
    expect(() => assertTransition("completed", "failed")).toThrow("illegal order status transition completed -> failed");
    expect(() => assertTransition("received", "validated")).not.toThrow();
  });

  it("knows when an order is already at or past a status", () => {
    expect(hasReached("prepared", "prepared")).toBe(true);
    expect(hasReached("prepared", "validated")).toBe(true);
    expect(hasReached("inventory-reserved", "awaiting-approval")).toBe(true);
    expect(hasReached("validated", "prepared")).toBe(false);
    expect(hasReached("failed", "validated")).toBe(false);
    expect(hasReached("completed", "failed")).toBe(false);
  });
});
