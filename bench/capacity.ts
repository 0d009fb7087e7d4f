/**
 * Benchmark 5, DynamoDB capacity per order: what one completed order costs in DynamoDB,
 * per table, read off the local DynamoDB's consumed-capacity meter (DynamoDB's own
 * on-demand rules: reads in 4 KB units, eventually consistent at half; writes in 1 KB
 * units; transactional ones double), next to its durable operations.
 */
import { postOrder, waitForOrderExecution } from "./lib/api";
import { fetchHistory, summariseHistory } from "./lib/history";
import { standardOrder } from "./lib/orders";
import { PRICES } from "./lib/pricing";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize, type FigureRow } from "./lib/report";
import { startBenchStack } from "./lib/stack";
import { round } from "./lib/stats";
import { WATCH_SHARDS } from "../src/adapters/orders-repository";
import { consumedCapacity, resetConsumedCapacity, type CapacityTotals } from "./lib/capacity";

const ORDERS: Record<BenchSize, number> = { smoke: 2, quick: 10, full: 50 };
/** 300 s of warehouse wait becomes 0.3 s; capacity does not depend on time. */
const CAPACITY_TIME_SCALE = 0.001;

export interface TableCapacity {
  requests: number;
  readCapacityUnits: number;
  writeCapacityUnits: number;
}

export interface CapacityResult {
  orders: number;
  /** Per completed order. */
  perOrder: Record<string, TableCapacity>;
  requestsPerOrder: number;
  readCapacityUnitsPerOrder: number;
  writeCapacityUnitsPerOrder: number;
  durableOperationsPerOrder: number;
  /** On-demand price of those units, USD per million orders. */
  dynamodbUsdPerMillionOrders: number;
}

export async function runCapacityBenchmark(options: BenchOptions): Promise<BenchmarkReport<CapacityResult>> {
  const log = quietLog(options);
  const count = ORDERS[options.size];
  const bench = await startBenchStack({ timeScale: CAPACITY_TIME_SCALE, environmentOverrides: { Parameters: { WORKER_LATENCY_MS: "0" } }, runSchedules: false });
  try {
    const endpoint = bench.stack.dynamodbEndpoint;
    // One order first, so that nothing the stack does once (seeding, first reads) is counted.
    await completeOrder(bench, "bench-capacity-warmup");
    await resetConsumedCapacity(endpoint);
    let operations = 0;
    for (let i = 0; i < count; i++) {
      const executionArn = await completeOrder(bench, `bench-capacity-${i}`);
      operations += summariseHistory(await fetchHistory(bench.lambda, executionArn)).operations.length;
    }
    const totals = await consumedCapacity(endpoint);
    log(`capacity: ${count} orders measured`);
    const result = perOrder(totals, count, operations / count);
    return {
      key: "capacity",
      title: "DynamoDB capacity per completed order",
      method: [
        `${count} standard orders (3 products, under the approval threshold) one after another through POST /orders on the local stack, after one warm-up order; time scale ${CAPACITY_TIME_SCALE}, worker latency 0.`,
        "Capacity is read off the local DynamoDB's meter, which charges every request by DynamoDB's on-demand rules from the sizes of the items it reads and writes (dynalite's ReturnConsumedCapacity): reads 4 KB units (eventually consistent half), writes 1 KB units, transactional reads and writes double.",
        `The re-driver's schedule is off: its cost does not depend on orders. In AWS it runs every minute and sends one Query per intake shard (${WATCH_SHARDS}), ${WATCH_SHARDS * 1440} small Queries a day whatever the traffic.`,
        "Requests count every DynamoDB API call (a TransactWriteItems is one request). Durable operations come from each execution's GetDurableExecutionHistory.",
        `Price: on-demand $${PRICES.dynamodbWriteRequestUnitUsdPerMillion}/million write units, $${PRICES.dynamodbReadRequestUnitUsdPerMillion}/million read units (us-east-2), storage not included.`,
      ],
      rows: capacityRows(result),
      result,
    };
  } finally {
    await bench.close();
  }
}

async function completeOrder(bench: Awaited<ReturnType<typeof startBenchStack>>, customerId: string): Promise<string> {
  const posted = await postOrder(bench.stack.apiUrl, standardOrder(customerId));
  if (!posted.orderId) throw new Error(`POST /orders failed: ${posted.error ?? posted.status}`);
  const execution = await waitForOrderExecution(bench.stack, posted.orderId, 120_000);
  if (execution.status !== "SUCCEEDED") throw new Error(`order ${posted.orderId} ended ${execution.status}`);
  return execution.executionArn;
}

function perOrder(totals: CapacityTotals, orders: number, durableOperationsPerOrder: number): CapacityResult {
  const tables: Record<string, TableCapacity> = {};
  for (const [table, figures] of Object.entries(totals)) {
    tables[table] = {
      requests: round(figures.requests / orders, 2),
      readCapacityUnits: round(figures.readCapacityUnits / orders, 2),
      writeCapacityUnits: round(figures.writeCapacityUnits / orders, 2),
    };
  }
  const sum = (pick: (t: TableCapacity) => number) => round(Object.values(tables).reduce((total, t) => total + pick(t), 0), 2);
  const readCapacityUnitsPerOrder = sum((t) => t.readCapacityUnits);
  const writeCapacityUnitsPerOrder = sum((t) => t.writeCapacityUnits);
  return {
    orders,
    perOrder: tables,
    requestsPerOrder: sum((t) => t.requests),
    readCapacityUnitsPerOrder,
    writeCapacityUnitsPerOrder,
    durableOperationsPerOrder: round(durableOperationsPerOrder, 1),
    dynamodbUsdPerMillionOrders: round(readCapacityUnitsPerOrder * PRICES.dynamodbReadRequestUnitUsdPerMillion + writeCapacityUnitsPerOrder * PRICES.dynamodbWriteRequestUnitUsdPerMillion, 2),
  };
}

function capacityRows(result: CapacityResult): FigureRow[] {
  const rows: FigureRow[] = [
    { figure: "DynamoDB requests per order", value: result.requestsPerOrder, unit: "requests" },
    { figure: "Read capacity units per order", value: result.readCapacityUnitsPerOrder, unit: "RCU" },
    { figure: "Write capacity units per order", value: result.writeCapacityUnitsPerOrder, unit: "WCU" },
    { figure: "Durable operations per order", value: result.durableOperationsPerOrder, unit: "operations" },
    { figure: "DynamoDB on-demand cost per million orders", value: result.dynamodbUsdPerMillionOrders, unit: "USD" },
  ];
  for (const [table, figures] of Object.entries(result.perOrder).sort(([a], [b]) => a.localeCompare(b))) {
    rows.push({ figure: `${table}: requests / RCU / WCU per order`, value: figures.requests, unit: `requests, ${figures.readCapacityUnits} RCU, ${figures.writeCapacityUnits} WCU` });
  }
  return rows;
}
