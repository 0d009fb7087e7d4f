/**
 * Every function in template.yaml points at code that exists, exports its handler, and
 * finds every environment variable it reads.
 */
import { existsSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { environmentReads, functionFacts, isPlatformVariable, PROJECT_ROOT, readSource, sourceFiles } from "./support/template-facts";

const functions = functionFacts();

describe("template functions", () => {
  it("declares the seven functions of the design", () => {
    expect(functions.map((fn) => fn.logicalId).sort()).toEqual(
      ["InventoryFunction", "OrderRedriverFunction", "OrderWorkflowFunction", "OrdersApiFunction", "PaymentFunction", "ShippingFunction", "TaxFunction"],
    );
  });

  describe.each(functions.map((fn) => [fn.logicalId, fn] as const))("%s", (_id, fn) => {
    it("has an entry point that exists", () => {
      expect(fn.entry).not.toBe("");
      expect(existsSync(resolve(PROJECT_ROOT, fn.entry))).toBe(true);
    });

    it("names the entry point's module in its Handler, so the bundle's file is the one Lambda loads", () => {
      expect(fn.handler).toBe(`${basename(fn.entry, extname(fn.entry))}.handler`);
    });

    it("exports the handler as a function", async () => {
      const module = (await import(resolve(PROJECT_ROOT, fn.entry))) as Record<string, unknown>;
      expect(typeof module.handler).toBe("function");
    });
  });
});

describe("environment variables", () => {
  // The local stack's own settings are read only by src/local, which no function bundles.
  const deployedSources = sourceFiles("src").filter((file) => !file.startsWith("src/local/"));
  const setInTemplate = new Set(functions.flatMap((fn) => Object.keys(fn.env)));

  it("the scanner sees the reads the design names (so an empty result cannot pass by accident)", () => {
    const read = new Set(deployedSources.flatMap((file) => [...environmentReads(readSource(file))]));
    expect([...read]).toEqual(expect.arrayContaining(["ORDERS_TABLE", "IDEMPOTENCY_TABLE", "ORDER_WORKFLOW_FUNCTION", "INVENTORY_FUNCTION"]));
  });

  it("sets every variable the deployed code reads (AWS_* and NODE_* come from Lambda)", () => {
    const missing = deployedSources.flatMap((file) =>
      [...environmentReads(readSource(file))].filter((name) => !isPlatformVariable(name) && !setInTemplate.has(name)).map((name) => `${name} (read in ${file})`),
    );
    expect(missing).toEqual([]);
  });
});
