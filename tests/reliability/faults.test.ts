/**
 * Faults: every worker fails transiently 30% of the time, and the whole stack stalls
 * now and then (SIGSTOP for 50–400 ms: latency spikes on every call in flight).
 * Every order must still end, and the books must balance: stock conserved, money
 * captured only for completed orders, every failure after capture refunded exactly once.
 */
import { waitForTerminalOrders } from "../support/stack";
import { listExecutions } from "./support/lambda";
import { ledgerViolations, statusCounts } from "./support/ledger";
import { createOrder } from "./support/orders";
import { reportFigures } from "./support/report";
import { sizes } from "./support/scale";
import { withChildStack } from "./support/suite";
import { approveWhenAsked, mapLimit, planOrders, personalDataIn, prng, spikeLatency, OrderKind } from "./support/workload";

const FAULT_INJECTION = {
  failureRate: "0.3",
  /** Base latency per worker call; the spikes come on top. */
  latencyMs: "5",
} as const;

const suite = withChildStack({
  timeScale: 0.001,
  envVars: { Parameters: { WORKER_FAILURE_RATE: FAULT_INJECTION.failureRate, WORKER_LATENCY_MS: FAULT_INJECTION.latencyMs } },
});

describe("faults", () => {
  test(`${sizes.faultOrders} orders through workers failing 30% of the time all end, and the ledgers balance`, async () => {
    const startedAt = Date.now();
    const plan = planOrders(sizes.faultOrders, 20261122);
    // A few clients at a time: the API's own cold starts are not what this suite measures.
    const orderIds = await mapLimit(plan, 4, (planned) => createOrder(suite.stack.apiUrl, planned.body));
    const decisions = new Map(plan.flatMap((planned, index) => (planned.kind === OrderKind.NeedsApproval ? [[orderIds[index] as string, planned.approve === true] as const] : [])));
    const running = new AbortController();
    const approving = approveWhenAsked(() => suite.stack.apiUrl, decisions, running.signal);
    const spiking = spikeLatency((ms) => suite.stack.pause(ms), running.signal, prng(7));

    const finished = await waitForTerminalOrders(orderIds, { apiUrl: () => suite.stack.apiUrl, timeoutMs: sizes.drainTimeoutMs }).finally(() => running.abort());
    await approving;
    const spikes = await spiking;

    const snapshot = await suite.ledgers();
    const counts = statusCounts(snapshot.orders);
    const byKind = plan.map((planned, index) => `${planned.kind}:${finished.get(orderIds[index] as string)?.status}`);
    reportFigures(
      "faults",
      `${orderIds.length} orders in ${Date.now() - startedAt} ms, ${spikes.count} latency spikes (${spikes.totalMs} ms frozen); ` +
        `ended ${JSON.stringify(counts)}; by kind ${JSON.stringify(statusCounts(byKind.map((status) => ({ orderId: "", status }))))}`,
    );
    expect(finished.size).toBe(orderIds.length);
    expect(snapshot.orders).toHaveLength(orderIds.length);
    expect(ledgerViolations(snapshot)).toEqual([]);
    // Each kind ends the way the business says it must, whatever the chaos did in between.
    plan.forEach((planned, index) => {
      const status = finished.get(orderIds[index] as string)?.status;
      if (planned.kind === OrderKind.Declined || planned.kind === OrderKind.UnknownProduct) expect([planned.kind, status]).toEqual([planned.kind, "failed"]);
      // A rejected order may have failed before anyone was asked (a worker out of retries), but never completes.
      if (planned.kind === OrderKind.NeedsApproval && !planned.approve) expect([planned.kind, status]).not.toEqual([planned.kind, "completed"]);
    });
    expect(counts.completed ?? 0).toBeGreaterThan(0);

    const executions = await listExecutions(suite.lambda);
    expect(executions).toHaveLength(orderIds.length);
    // Retries, compensations and restarts log more than a quiet run: still no personal data.
    expect(personalDataIn(suite.stack.logs())).toEqual([]);
  }, sizes.drainTimeoutMs + 120_000);
});
