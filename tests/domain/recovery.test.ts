import { abandonedFailureReason, RECOVERY_UNDO_ORDER, recoveryPlanFor } from "../../src/domain/recovery";
import { ORDER_STATUSES, STATUS_PROGRESSION, TERMINAL_STATUSES } from "../../src/domain/status";
import { COMPENSATION_KINDS } from "../../src/observability/metric-definitions";
import { COMPENSATION } from "../../src/workflow/saga";

describe("recovery of an order whose workflow ended without deciding it", () => {
  it("leaves decided orders and orders still in intake alone", () => {
    for (const status of TERMINAL_STATUSES) expect(recoveryPlanFor(status)).toBeUndefined();
    expect(recoveryPlanFor("received")).toBeUndefined();
  });

  it("completes a shipped order: the parcel has left, so nothing is taken back", () => {
    expect(recoveryPlanFor("shipped")).toEqual({ kind: "complete" });
  });

  it("asks to release stock only once the commit phase may have taken it", () => {
    const releases = (status: (typeof ORDER_STATUSES)[number]) => {
      const plan = recoveryPlanFor(status);
      return plan?.kind === "compensate" && plan.undo.includes("release-inventory");
    };
    expect(["validated", "prepared", "awaiting-approval"].filter((status) => releases(status as never))).toEqual([]);
    expect(["fraud-checked", "approved", "inventory-reserved", "payment-processed", "awaiting-warehouse", "awaiting-pickup"].every((status) => releases(status as never))).toBe(true);
  });

  it("always asks the payment worker, newest undo first, as the saga would", () => {
    for (const status of STATUS_PROGRESSION.slice(1, -2)) {
      const plan = recoveryPlanFor(status);
      expect(plan?.kind).toBe("compensate");
      if (plan?.kind !== "compensate") continue;
      expect(plan.undo[0]).toBe("refund-payment");
      expect(plan.undo[plan.undo.length - 1]).toBe("void-payment");
    }
  });

  it("uses the saga's own compensation names, which the metrics know", () => {
    expect([...RECOVERY_UNDO_ORDER].sort()).toEqual(Object.values(COMPENSATION).sort());
    expect([...RECOVERY_UNDO_ORDER].sort()).toEqual([...COMPENSATION_KINDS].sort());
  });

  it("says how the execution ended", () => {
    expect(abandonedFailureReason("STOPPED")).toMatch(/^WorkflowEnded: .* was stopped/);
    expect(abandonedFailureReason("TIMED_OUT")).toMatch(/timed out/);
    expect(abandonedFailureReason("FAILED")).toMatch(/execution failed/);
  });
});
