/**
 * The whole local stack (DynamoDB, the durable Lambda service, the API) for tests
 * that attack the running system over real HTTP on 127.0.0.1.
 *
 * Two ways to run it:
 * - in process (`startInProcessStack`), the quick one, through `startLocalStack`;
 * - as a child process (`startChildStack`), for tests that kill it with SIGKILL or
 *   read its logs. The child runs `src/local/dev.ts` on fixed free ports and a data
 *   folder, so `restart()` brings back the same stack with the same state.
 *
 * And the question most of these tests ask: `waitForTerminalOrders`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { localTableName } from "../../src/local/dynamodb";
import { startLocalStack, type LocalStack } from "../../src/local/stack";
import { loadTemplate, tableDefinitions } from "../../src/local/template";

export const PROJECT_ROOT = resolve(__dirname, "..", "..");
const DEV_ENTRY = resolve(PROJECT_ROOT, "src", "local", "dev.ts");
const HOST = "127.0.0.1";

/** The statuses an order never leaves (src/domain/status.ts). */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(["completed", "failed", "rejected", "approval-timed-out"]);

export interface StackEndpoints {
  apiUrl: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  /** Table name by logical id in template.yaml. */
  tableNames: Record<string, string>;
}

export interface StackOptions {
  /** Template Parameters, as `--parameter-overrides Key=Value` would set them. */
  parameterOverrides?: Record<string, string>;
  /** DURABLE_EXECUTIONS_TIME_SCALE: 0.001 turns the 5-minute warehouse wait into 0.3 s. */
  timeScale?: number;
  /** Extra environment for the stack process itself (functions do not see it: Lambda environments are sealed). */
  env?: Record<string, string>;
  /**
   * Function environment overrides in SAM CLI's `--env-vars` shape: `Parameters` for
   * every function, a logical id for one. Only variables the template declares change.
   */
  envVars?: Record<string, Record<string, string>>;
  /** Keep state here; a fresh temporary folder when absent. */
  dataDir?: string;
}

export interface RunningStack extends StackEndpoints {
  readonly dataDir: string;
  /** Everything the stack's functions (and, for a child, the stack itself) wrote to stdout and stderr. */
  logs(): string;
  close(): Promise<void>;
}

export interface ChildStack extends RunningStack {
  /** Kills the process group with SIGKILL: no shutdown hook runs, as in a power cut. */
  kill(): Promise<void>;
  /**
   * Freezes the whole stack (SIGSTOP) for `ms`, then lets it run on (SIGCONT): every call
   * in flight stalls at once, as in a long GC pause or a starved host. A latency spike
   * that no code path can tell from a slow network.
   */
  pause(ms: number): Promise<void>;
  /** Starts it again on the same ports and data folder. */
  restart(): Promise<void>;
  /** How many times the child has been started. */
  readonly starts: number;
}

/** Free TCP ports on 127.0.0.1, found by letting the OS pick and then releasing them. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolvePromise, reject) => {
      const server = createServer();
      server.once("error", reject);
      server.listen(0, HOST, () => resolvePromise(server));
    })),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port assigned");
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise<void>((r) => server.close(() => r()))));
  return ports;
}

export function temporaryDataDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `order-stack-${label}-`));
}

function parameterArgs(overrides: Record<string, string> | undefined): string[] {
  const pairs = Object.entries(overrides ?? {}).map(([key, value]) => `${key}=${value}`);
  return pairs.length === 0 ? [] : ["--parameter-overrides", ...pairs];
}

/** Writes the overrides next to the data folder (not inside it: the stack owns that) and points --env-vars at them. */
function envVarsArgs(envVars: Record<string, Record<string, string>> | undefined, dataDir: string): string[] {
  if (!envVars) return [];
  const file = envVarsFile(dataDir);
  writeFileSync(file, JSON.stringify(envVars, null, 2));
  return ["--env-vars", file];
}

function envVarsFile(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, "")}.env-vars.json`;
}

/** Local tables are named after their logical ids (src/local/dynamodb.ts). */
/** The child's tables, by logical id: every table of template.yaml, named as the local stack names them. */
const LOCAL_TABLE_NAMES: Record<string, string> = Object.fromEntries(
  tableDefinitions(loadTemplate()).map((table) => [table.logicalId, localTableName(table.logicalId)]),
);

// ------------------------------------------------------------------ in process

/**
 * Runs the stack inside the test process through `startLocalStack`, on free ports.
 * `options.env` is set on process.env while it starts.
 */
export async function startInProcessStack(options: StackOptions = {}): Promise<RunningStack> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? temporaryDataDir("inproc");
  const env: Record<string, string> = { ...(options.env ?? {}) };
  if (options.timeScale !== undefined) env.DURABLE_EXECUTIONS_TIME_SCALE = String(options.timeScale);
  const saved = new Map(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  const output: string[] = [];
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      // Kept for the test to read, rather than printed into Jest's console.
      functionLog: (functionName, line) => output.push(`[${functionName}] ${line}\n`),
      apiPort: 0,
      lambdaPort: 0,
      dynamodbPort: 0,
      dataDir,
      warm: true,
      parameterOverrides: options.parameterOverrides ?? {},
      ...(options.timeScale !== undefined ? { timeScale: options.timeScale } : {}),
      ...(options.envVars ? { environmentOverrides: options.envVars } : {}),
    });
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return {
    apiUrl: stack.apiUrl,
    lambdaEndpoint: stack.lambdaEndpoint,
    dynamodbEndpoint: stack.dynamodbEndpoint,
    tableNames: stack.tableNames,
    dataDir,
    logs: () => output.join(""),
    close: async () => {
      await stack.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ------------------------------------------------------------------ child process

const START_TIMEOUT_MS = 90_000;
const READY_BANNER = "Local stack is up";

/**
 * Runs `src/local/dev.ts` as its own process group (`node --import tsx`, one process,
 * so SIGKILL to the group leaves nothing behind).
 */
export async function startChildStack(options: StackOptions = {}): Promise<ChildStack> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? temporaryDataDir("child");
  const [apiPort, lambdaPort, dynamodbPort, consolePort] = await freePorts(4) as [number, number, number, number];
  const args = [
    "--import", "tsx", DEV_ENTRY,
    "--api-port", String(apiPort),
    "--lambda-port", String(lambdaPort),
    "--dynamodb-port", String(dynamodbPort),
    "--console-port", String(consolePort),
    "--data-dir", dataDir,
    ...parameterArgs(options.parameterOverrides),
    ...envVarsArgs(options.envVars, dataDir),
    ...(options.timeScale !== undefined ? ["--time-scale", String(options.timeScale)] : []),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, ...(options.env ?? {}) };
  // The child must not inherit a test's own endpoints: it serves them.
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.AWS_ENDPOINT_URL_LAMBDA;

  const output: string[] = [];
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let starts = 0;

  const endpoints: StackEndpoints = {
    apiUrl: `http://${HOST}:${apiPort}`,
    lambdaEndpoint: `http://${HOST}:${lambdaPort}`,
    dynamodbEndpoint: `http://${HOST}:${dynamodbPort}`,
    tableNames: { ...LOCAL_TABLE_NAMES },
  };

  const launch = async (): Promise<void> => {
    const outputFrom = output.length;
    const proc = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    starts++;
    proc.stdout?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
    proc.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
    let exitInfo: string | undefined;
    exited = new Promise<void>((resolvePromise) => {
      proc.once("exit", (code, signal) => {
        exitInfo = `exit code ${code ?? "none"}, signal ${signal ?? "none"}`;
        resolvePromise();
      });
    });
    const deadline = Date.now() + START_TIMEOUT_MS;
    // dev.ts prints its banner once every server listens and every function is warm.
    while (!output.slice(outputFrom).join("").includes(READY_BANNER) || !(await isUp(endpoints))) {
      if (exitInfo !== undefined) {
        throw new Error(`the local stack exited while starting (${exitInfo}); its output:\n${tail(output.join(""))}`);
      }
      if (Date.now() > deadline) {
        await kill();
        throw new Error(`the local stack did not answer within ${START_TIMEOUT_MS} ms; its output:\n${tail(output.join(""))}`);
      }
      await sleep(100);
    }
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, "SIGKILL");
    } catch {
      proc.kill("SIGKILL");
    }
    await exited;
  };

  const signalGroup = (signal: NodeJS.Signals): boolean => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return false;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      proc.kill(signal);
    }
    return true;
  };

  await launch();
  return {
    ...endpoints,
    dataDir,
    logs: () => output.join(""),
    get starts() {
      return starts;
    },
    kill,
    pause: async (ms: number) => {
      if (!signalGroup("SIGSTOP")) return;
      try {
        await sleep(ms);
      } finally {
        signalGroup("SIGCONT");
      }
    },
    restart: async () => {
      await kill();
      await launch();
    },
    close: async () => {
      // A gentle stop first so the data folder is left tidy; SIGKILL if it lingers.
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null && proc.pid !== undefined) {
        try {
          process.kill(-proc.pid, "SIGTERM");
        } catch {
          proc.kill("SIGTERM");
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise<void>((resolvePromise) => (timer = setTimeout(resolvePromise, 5_000)))]);
        clearTimeout(timer);
      }
      await kill();
      rmSync(envVarsFile(dataDir), { force: true });
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The stack is up when all three servers answer HTTP (any status). */
async function isUp(endpoints: StackEndpoints): Promise<boolean> {
  const probes = [
    `${endpoints.apiUrl}/orders/readiness-probe`,
    `${endpoints.lambdaEndpoint}/2015-03-31/functions`,
    `${endpoints.dynamodbEndpoint}/`,
  ];
  const answers = await Promise.all(probes.map(async (url) => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      return true;
    } catch {
      return false;
    }
  }));
  return answers.every(Boolean);
}

function tail(text: string, max = 4_000): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms));
}

// ------------------------------------------------------------------ orders

export interface OrderView {
  orderId: string;
  status: string;
  [field: string]: unknown;
}

export interface WaitOptions {
  timeoutMs: number;
  /** Pause between polling rounds. */
  intervalMs?: number;
  /** How many GETs are in flight at once. */
  concurrency?: number;
  /** The API URL is read on every round, so a restarted stack on new ports can be followed. */
  apiUrl: () => string;
}

/**
 * Polls GET /orders/{id} until every order is in a terminal status. Each round reads the
 * open orders in the order given, `concurrency` at a time, and stops at the first batch
 * with one still open. Connection errors and 5xx (a stack being restarted) are waited
 * out; the deadline bounds it all. On timeout it throws, naming the orders still open
 * and their last statuses.
 */
export async function waitForTerminalOrders(orderIds: readonly string[], options: WaitOptions): Promise<Map<string, OrderView>> {
  const done = new Map<string, OrderView>();
  const lastSeen = new Map<string, string>();
  const deadline = Date.now() + options.timeoutMs;
  const concurrency = options.concurrency ?? 8;
  for (;;) {
    const open = orderIds.filter((id) => !done.has(id));
    if (open.length === 0) return done;
    if (Date.now() > deadline) {
      const report = open.slice(0, 20).map((id) => `${id}: ${lastSeen.get(id) ?? "never read"}`).join("\n");
      throw new Error(`${open.length} of ${orderIds.length} orders are not terminal after ${options.timeoutMs} ms:\n${report}`);
    }
    for (let start = 0; start < open.length; start += concurrency) {
      let stillOpen = false;
      await Promise.all(open.slice(start, start + concurrency).map(async (orderId) => {
        const order = await readOrder(options.apiUrl(), orderId).catch(() => undefined);
        if (!order) return void (stillOpen = true);
        lastSeen.set(orderId, order.status);
        if (TERMINAL_STATUSES.has(order.status)) done.set(orderId, order);
        else stillOpen = true;
      }));
      // Orders end roughly in the order they were sent: reading the ones after an open one now
      // would only take the stack's CPU from the work awaited (hot product, 300 orders: 73 -> 55 s).
      if (stillOpen) break;
    }
    await sleep(options.intervalMs ?? 200);
  }
}

/** GET /orders/{id}; undefined for 404 or an unreachable stack. */
export async function readOrder(apiUrl: string, orderId: string): Promise<OrderView | undefined> {
  const response = await fetch(`${apiUrl}/orders/${encodeURIComponent(orderId)}`, { signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (response.status !== 200) return undefined;
  return JSON.parse(text) as OrderView;
}

/** Waits until one order reaches `status` (or any terminal status, which ends the wait early). */
export async function waitForOrderStatus(apiUrl: string, orderId: string, status: string, timeoutMs: number): Promise<OrderView> {
  const deadline = Date.now() + timeoutMs;
  let last: OrderView | undefined;
  while (Date.now() <= deadline) {
    last = await readOrder(apiUrl, orderId).catch(() => undefined);
    if (last && (last.status === status || TERMINAL_STATUSES.has(last.status))) return last;
    await sleep(100);
  }
  throw new Error(`order ${orderId} did not reach ${status} within ${timeoutMs} ms (last status: ${last?.status ?? "unknown"})`);
}
