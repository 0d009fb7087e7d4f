/**
 * Crashes: while orders run, the whole local stack (DynamoDB, the durable service, the
 * API, every function) is killed with SIGKILL at random moments and started again on
 * the same data folder. Afterwards every order must end and the books must balance.
 */
import { setTimeout as delay } from "node:timers/promises";
import { waitForTerminalOrders } from "../support/stack";
import { durableExecutionName, listExecutions } from "./support/lambda";
import { ledgerViolations, statusCounts } from "./support/ledger";
import { createOrderWithRetry } from "./support/orders";
import { reportFigures } from "./support/report";
import { SCALE, sizes } from "./support/scale";
import { withChildStack } from "./support/suite";
import { approveWhenAsked, mapLimit, OrderKind, personalDataIn, planOrders, prng, type PlannedOrder } from "./support/workload";

const SEED = 4242;
/** Between two kills: long enough for work to restart, short enough that every kill lands mid-flight. */
const KILL_GAP_MS = SCALE === "soak" ? { min: 300, max: 4_000 } : { min: 300, max: 2_500 };
/**
 * A POST cut off half-way leaves its Idempotency-Key claimed until the claim's lease (the API's
 * 30 s Timeout plus 5 s) runs out; the client's retries then take it over. So a client must be
 * patient, more so on a loaded machine.
 */
const POST_RETRY_MS = 150_000;

// 0.01 stretches an order to several seconds (the 5-minute warehouse wait alone takes 3 s), so kills land mid-workflow.
const suite = withChildStack({ timeScale: 0.01, envVars: { Parameters: { WORKER_LATENCY_MS: "20" } } });

describe("crashes", () => {
  test(`${sizes.crashOrders} orders survive ${sizes.crashKills} SIGKILLs of the stack: all end, once each, with balanced ledgers`, async () => {
    const startedAt = Date.now();
    const random = prng(SEED);
    const plan = planOrders(sizes.crashOrders, SEED);
    const apiUrl = () => suite.stack.apiUrl;
    const decisions = new Map<string, boolean>();
    const approver = new AbortController();
    // Each POST retries with its own Idempotency-Key until it is answered, as a careful client would.
    const post = (planned: PlannedOrder) =>
      createOrderWithRetry(apiUrl, planned.body, POST_RETRY_MS).then((orderId) => {
        if (planned.kind === OrderKind.NeedsApproval) decisions.set(orderId, planned.approve === true);
        return orderId;
      });
    const approving = approveWhenAsked(apiUrl, decisions, approver.signal);
    const run = async () => {
      // Half the orders are running when the first kill comes; the other half are still being
      // posted while the kills go on, so some requests die half-way through the API.
      const half = Math.ceil(plan.length / 2);
      const firstHalf = await mapLimit(plan.slice(0, half), 4, post);
      const secondHalf = mapLimit(plan.slice(half), 2, post);
      secondHalf.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled

      const gaps: number[] = [];
      for (let kill = 0; kill < sizes.crashKills; kill++) {
        const gap = Math.round(KILL_GAP_MS.min + random() * (KILL_GAP_MS.max - KILL_GAP_MS.min));
        gaps.push(gap);
        await delay(gap);
        await suite.stack.kill();
        await suite.stack.restart();
      }
      const orderIds = [...firstHalf, ...(await secondHalf)];
      return { orderIds, gaps, finished: await waitForTerminalOrders(orderIds, { apiUrl, timeoutMs: sizes.drainTimeoutMs }) };
    };
    const { orderIds, gaps, finished } = await run().finally(() => approver.abort());
    await approving;

    const snapshot = await suite.ledgers();
    reportFigures("crashes", `${orderIds.length} orders, ${sizes.crashKills} SIGKILLs after ${gaps.join("/")} ms, in ${Date.now() - startedAt} ms; ended ${JSON.stringify(statusCounts(snapshot.orders))}`);
    expect(suite.stack.starts).toBe(sizes.crashKills + 1);
    expect(finished.size).toBe(orderIds.length);
    // An order no client was given back would be a ghost: written, maybe charged, never acknowledged.
    const known = new Set(orderIds);
    const ghosts = snapshot.orders
      .filter((order) => !known.has(order.orderId))
      .map(({ orderId, customerId, status, failureReason, createdAt, executionArn }) => {
        const sibling = snapshot.orders.find((order) => order.customerId === customerId && known.has(order.orderId));
        const claims = snapshot.idempotency.filter((claim) => claim.orderId === orderId || claim.orderId === sibling?.orderId);
        // What the API and the workflow said about it, minus the per-request access lines.
        const logs = suite.stack.logs().split("\n").filter((line) => line.includes(orderId) && !line.startsWith("[api] GET") && !line.includes('"method":"GET"'));
        return { orderId, customerId, status, failureReason, createdAt, executionArn, acknowledged: sibling && { orderId: sibling.orderId, createdAt: sibling.createdAt }, claims, logs };
      });
    expect(ghosts).toEqual([]);
    expect(snapshot.orders).toHaveLength(orderIds.length);
    expect(ledgerViolations(snapshot)).toEqual([]);
    const executions = await listExecutions(suite.lambda);
    expect(executions.map((execution) => execution.DurableExecutionName).sort()).toEqual(orderIds.map(durableExecutionName).sort());
    // Retries, compensations and restarts log more than a quiet run: still no personal data.
    expect(personalDataIn(suite.stack.logs())).toEqual([]);
  }, POST_RETRY_MS + sizes.drainTimeoutMs + sizes.crashKills * 90_000);
});
