import { CONFIG_DEFAULTS, loadWorkflowConfig } from "../../src/workflow/config";
import { authorizationHoldCents } from "../../src/workflow/phases/preparation";
import { computeTotals } from "../../src/domain/totals";
import { quoteShippingCents } from "../../src/domain/shipping";
import { US_STATE_CODES } from "../../src/domain/tax";

const workers = { INVENTORY_FUNCTION: "inv", PAYMENT_FUNCTION: "pay", SHIPPING_FUNCTION: "ship", TAX_FUNCTION: "tax" };

describe("the workflow configuration", () => {
  test("uses the documented defaults when only the worker names are set", () => {
    expect(loadWorkflowConfig(workers)).toEqual({
      functions: { inventory: "inv", payment: "pay", shipping: "ship", tax: "tax" },
      approvalThresholdCents: 500_000,
      approvalTimeoutSeconds: CONFIG_DEFAULTS.approvalTimeoutSeconds,
      warehouseWaitSeconds: CONFIG_DEFAULTS.warehouseWaitSeconds,
      pickupMaxPolls: CONFIG_DEFAULTS.pickupMaxPolls,
    });
  });

  test("reads the threshold in dollars and the durations in whole seconds", () => {
    const config = loadWorkflowConfig({ ...workers, APPROVAL_THRESHOLD_USD: "1234.5", APPROVAL_TIMEOUT_SECONDS: "60", WAREHOUSE_WAIT_SECONDS: "5", PICKUP_MAX_POLLS: "4" });
    expect(config).toMatchObject({ approvalThresholdCents: 123_450, approvalTimeoutSeconds: 60, warehouseWaitSeconds: 5, pickupMaxPolls: 4 });
  });

  test.each([
    ["a missing worker name", { ...workers, TAX_FUNCTION: "" }, /TAX_FUNCTION/],
    ["a threshold with three decimals", { ...workers, APPROVAL_THRESHOLD_USD: "10.001" }, /APPROVAL_THRESHOLD_USD/],
    ["a zero timeout", { ...workers, APPROVAL_TIMEOUT_SECONDS: "0" }, /APPROVAL_TIMEOUT_SECONDS/],
    ["a fractional wait", { ...workers, WAREHOUSE_WAIT_SECONDS: "1.5" }, /WAREHOUSE_WAIT_SECONDS/],
  ])("refuses %s with a message naming the variable", (_label, env, message) => {
    expect(() => loadWorkflowConfig(env)).toThrow(message);
  });
});

describe("the payment authorization hold", () => {
  test("covers the exact total of the order in every state, so the capture never exceeds it", () => {
    const items = [{ quantity: 3, unitPriceCents: 8950 }, { quantity: 1, unitPriceCents: 749_900 }];
    const subtotal = 3 * 8950 + 749_900;
    for (const state of US_STATE_CODES) {
      const shipping = quoteShippingCents({ items, state });
      expect(computeTotals(items, shipping, state).totalCents).toBeLessThanOrEqual(authorizationHoldCents(subtotal));
    }
  });
});
