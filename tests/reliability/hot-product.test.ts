/**
 * A best-seller: many orders of one product through the public API. Every order must
 * complete, no DynamoDB item may grow with the number of orders (DynamoDB refuses items
 * over 400 KB, and charges writes by item size), and the stock ledger must balance.
 */
import { largestItems } from "./support/item-size";
import { ledgerViolations, scanAll, statusCounts } from "./support/ledger";
import { createOrderWithRetry, PRODUCTS, smallOrder } from "./support/orders";
import { reportFigures } from "./support/report";
import { sizes } from "./support/scale";
import { withChildStack } from "./support/suite";
import { mapLimit } from "./support/workload";
import { waitForTerminalOrders } from "../support/stack";

const suite = withChildStack({ timeScale: 0.001, envVars: { Parameters: { WORKER_LATENCY_MS: "0" } } });
const ORDER = smallOrder({ items: [{ ...PRODUCTS.book, quantity: 1 }] });
/** The local stack finishes a few orders a second on 2 cores; the soak's 3,000 need their time. */
const DRAIN_TIMEOUT_MS = Math.max(sizes.drainTimeoutMs, sizes.hotProductOrders * 600);
/** Orders sent before waiting for them all to end. */
const WAVE = 250;
/** Counters and timestamps differ by a digit or two between orders; nothing more may change. */
const SIZE_TOLERANCE_BYTES = 8;

async function largestItemPerTable(): Promise<Record<string, number>> {
  const tables = suite.stack.tableNames;
  const items = await Promise.all(Object.values(tables).map(async (name) => [name, await scanAll<Record<string, unknown>>(suite.doc, name)] as const));
  return largestItems(Object.fromEntries(items));
}

describe("a best-selling product", () => {
  test(`${sizes.hotProductOrders} orders of one product all complete, with constant-size items and balanced books`, async () => {
    const startedAt = Date.now();
    const apiUrl = () => suite.stack.apiUrl;
    // A careful client: it retries a 5xx with the same Idempotency-Key (a loaded machine can time a call out).
    const post = () => createOrderWithRetry(apiUrl, ORDER, 60_000);
    const first = await post();
    const finished = new Map(await waitForTerminalOrders([first], { apiUrl, timeoutMs: 60_000 }));
    const afterFirst = await largestItemPerTable();

    // In waves: thousands of executions admitted at once would all crawl together on 2 cores, past
    // the ExecutionTimeout that the time scale shrinks to 173 s. A wave is what one stack finishes in well under it.
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (let sent = 1; sent < sizes.hotProductOrders; sent += WAVE) {
      const wave = await mapLimit(Array.from({ length: Math.min(WAVE, sizes.hotProductOrders - sent) }), 8, post);
      const ended = await waitForTerminalOrders(wave, { apiUrl, timeoutMs: Math.max(60_000, deadline - Date.now()), intervalMs: 1_000 });
      for (const [orderId, order] of ended) finished.set(orderId, order);
    }
    const afterAll = await largestItemPerTable();

    const snapshot = await suite.ledgers();
    reportFigures("hot-product", `${sizes.hotProductOrders} orders of ${PRODUCTS.book.productId} in ${Date.now() - startedAt} ms; largest item per table after 1 order ${JSON.stringify(afterFirst)}, after all ${JSON.stringify(afterAll)}; ended ${JSON.stringify(statusCounts(snapshot.orders))}`);
    expect([...finished.values()].filter((order) => order.status !== "completed")).toEqual([]);
    for (const [table, bytes] of Object.entries(afterAll)) {
      expect({ table, growth: Math.abs(bytes - afterFirst[table]!) <= SIZE_TOLERANCE_BYTES ? "none" : `${afterFirst[table]} -> ${bytes} bytes` }).toEqual({ table, growth: "none" });
    }
    expect(ledgerViolations(snapshot)).toEqual([]);
    const book = snapshot.inventory.find((row) => row.productId === PRODUCTS.book.productId);
    expect(book).toMatchObject({ reserved: 0, shipped: sizes.hotProductOrders });
  }, DRAIN_TIMEOUT_MS * 2 + 120_000);
});
