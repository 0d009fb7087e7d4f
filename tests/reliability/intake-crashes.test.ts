/**
 * Crashes during intake: orders arrive WITHOUT an Idempotency-Key (as the README's curl
 * sends them) while the whole stack is killed with SIGKILL at random moments. A POST cut
 * off after the order was stored but before its workflow started leaves an order that
 * no client will retry; the re-driver (a Schedule event in template.yaml, fired by the
 * local stack at the time scale) must start it. Afterwards every stored order ends, once.
 */
import { setTimeout as delay } from "node:timers/promises";
import { waitForTerminalOrders } from "../support/stack";
import { durableExecutionName, listExecutions } from "./support/lambda";
import { ledgerViolations, scanAll, statusCounts } from "./support/ledger";
import { orderIdOf, PRODUCTS, send, smallOrder } from "./support/orders";
import { reportFigures } from "./support/report";
import { SCALE, sizes } from "./support/scale";
import { withChildStack } from "./support/suite";
import { prng } from "./support/workload";

const SEED = 1010;
const KILL_GAP_MS = SCALE === "soak" ? { min: 150, max: 2_000 } : { min: 150, max: 1_200 };
/** 0.001: the re-driver runs every 0.1–1 s (a tenth of the time at most) and calls an order stranded after 120 ms. */
const TIME_SCALE = 0.001;
/** Grace period (120 s × scale) + a schedule period + one workflow's run, with room for a loaded CI machine. */
const HEAL_WITHIN_MS = 60_000;

const suite = withChildStack({ timeScale: TIME_SCALE, envVars: { Parameters: { WORKER_LATENCY_MS: "0" } } });
const PRODUCT_MIX = [PRODUCTS.book, PRODUCTS.mouse, PRODUCTS.cable, PRODUCTS.keyboard];

describe("crashes during intake", () => {
  test(`orders without an Idempotency-Key survive ${sizes.intakeKills} SIGKILLs mid-intake: every stored order ends, once`, async () => {
    const random = prng(SEED);
    const acknowledged = new Set<string>();
    let posts = 0;
    let cutOff = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const product = PRODUCT_MIX[Math.floor(random() * PRODUCT_MIX.length)]!;
        posts++;
        try {
          const answer = await send(suite.stack.apiUrl, {
            path: "/orders",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(smallOrder({ items: [{ ...product, quantity: 1 }] })),
          });
          const orderId = orderIdOf(answer);
          if (answer.status === 202 && orderId) acknowledged.add(orderId);
        } catch {
          // The stack died under this request. A client without a key has no safe retry.
          cutOff++;
          await delay(50);
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    const gaps: number[] = [];
    for (let kill = 0; kill < sizes.intakeKills; kill++) {
      const gap = Math.round(KILL_GAP_MS.min + random() * (KILL_GAP_MS.max - KILL_GAP_MS.min));
      gaps.push(gap);
      await delay(gap);
      await suite.stack.kill();
      await suite.stack.restart();
    }
    stop = true;
    await Promise.all(clients);
    const healStartedAt = Date.now();

    // Every order that was stored, acknowledged or not: the table is the truth.
    const stored = (await scanAll<{ orderId: string }>(suite.doc, suite.stack.tableNames.OrdersTable!)).map((order) => order.orderId);
    await waitForTerminalOrders(stored, { apiUrl: () => suite.stack.apiUrl, timeoutMs: HEAL_WITHIN_MS });
    const healedInMs = Date.now() - healStartedAt;

    const snapshot = await suite.ledgers();
    const restarted = suite.stack
      .logs()
      .split("\n")
      .filter((line) => line.includes("stranded orders re-driven"))
      .map((line) => Number(/"found":(\d+)/.exec(line)?.[1] ?? 0))
      .reduce((sum, found) => sum + found, 0);
    const unacknowledged = stored.filter((orderId) => !acknowledged.has(orderId)).length;
    reportFigures(
      "intake-crashes",
      `${posts} POSTs without a key, ${cutOff} cut off, ${sizes.intakeKills} SIGKILLs after ${gaps.join("/")} ms; ${stored.length} orders stored (${unacknowledged} never acknowledged); ` +
        `re-driver found ${restarted} stranded; all terminal ${healedInMs} ms after the last restart; ended ${JSON.stringify(statusCounts(snapshot.orders))}`,
    );
    expect(suite.stack.starts).toBe(sizes.intakeKills + 1);
    expect(stored.length).toBeGreaterThan(0);
    for (const orderId of acknowledged) expect(stored).toContain(orderId);
    expect(ledgerViolations(snapshot)).toEqual([]);
    // One execution per stored order, never two: the name is the order's, and the start is idempotent.
    const executions = await listExecutions(suite.lambda);
    const names = executions.map((execution) => execution.DurableExecutionName);
    expect(names.length).toBe(new Set(names).size);
    expect([...names].sort()).toEqual(stored.map(durableExecutionName).sort());
  }, sizes.intakeKills * 90_000 + HEAL_WITHIN_MS + 60_000);
});
