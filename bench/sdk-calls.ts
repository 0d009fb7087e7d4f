/**
 * Benchmark 6, the cost of one AWS SDK call: what a function sandbox pays, on its side
 * alone, for each of the ~73 API calls an order makes (checkpoints, DynamoDB requests,
 * invokes). A fresh child process sends one kind of call to a canned server in this
 * process, so the figures hold the SDK client and Node's HTTP client and nothing of the
 * local services; each stretch of calls is measured apart, to show the JIT warming up.
 */
import { fork } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { PROJECT_ROOT } from "../src/local/template";
import type { ProbeKind, ProbeMessage } from "./lib/sdk-call-probe";
import { quietLog, type BenchmarkReport, type BenchOptions, type BenchSize, type FigureRow } from "./lib/report";
import { round } from "./lib/stats";

/** Calls per stretch, measured one after another in the same process. */
const STRETCHES: Record<BenchSize, number[]> = { smoke: [5, 20], quick: [50, 200, 750], full: [50, 200, 750, 2000, 5000] };
const PROBE_TIMEOUT_MS = 120_000;

const KINDS: ReadonlyArray<{ kind: ProbeKind; label: string }> = [
  { kind: "dynamodb-get", label: "DynamoDB GetItem (document client)" },
  { kind: "lambda-checkpoint", label: "Lambda CheckpointDurableExecution" },
  { kind: "node-http", label: "the same POST with node:http alone" },
];

export interface SdkCallsResult {
  /** Upper bound of each stretch, as a call count: stretch i covers calls (stretches[i-1], stretches[i]]. */
  callsAtEnd: number[];
  /** Client-side CPU per call in each stretch, ms, by kind. */
  cpuMsPerCall: Record<ProbeKind, number[]>;
}

/** Answers like DynamoDB or the Lambda checkpoint API with a small fixed body, doing no work of its own. */
function cannedServer(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.headers["x-amz-target"]) {
        res.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
        res.end('{"Item":{"pk":{"S":"ORDER#probe"},"sk":{"S":"ORDER"},"status":{"S":"received"}}}');
      } else {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"CheckpointToken":"token-2","NewExecutionState":{"Operations":[]}}');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function probe(kind: ProbeKind, endpoint: string, stretches: number[]): Promise<ProbeMessage> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, "lib", "sdk-call-probe.ts"), [], {
      cwd: PROJECT_ROOT,
      execArgv: ["--import", "tsx"],
      env: { ...process.env, PROBE_KIND: kind, PROBE_ENDPOINT: endpoint, PROBE_STRETCHES: stretches.join(","), AWS_REGION: "us-east-2", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local" },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      timeout: PROBE_TIMEOUT_MS,
    });
    let stderr = "";
    let message: ProbeMessage | undefined;
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("message", (m) => (message = m as ProbeMessage));
    child.on("error", reject);
    child.on("exit", (code) => (message && code === 0 ? resolve(message) : reject(new Error(`SDK call probe ${kind} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" ")}`))));
  });
}

export async function runSdkCallsBenchmark(options: BenchOptions): Promise<BenchmarkReport<SdkCallsResult>> {
  const log = quietLog(options);
  const stretches = STRETCHES[options.size];
  const callsAtEnd = stretches.map((_, i) => stretches.slice(0, i + 1).reduce((a, b) => a + b, 0));
  const server = await cannedServer();
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const cpuMsPerCall = {} as Record<ProbeKind, number[]>;
    const rows: FigureRow[] = [];
    // One at a time: two probes would compete for the cores.
    for (const { kind, label } of KINDS) {
      const result = await probe(kind, endpoint, stretches);
      cpuMsPerCall[kind] = result.cpuMsPerCall.map((ms) => round(ms, 3));
      log(`sdk-calls: ${kind}: ${cpuMsPerCall[kind].join(" / ")} ms per call`);
      result.cpuMsPerCall.forEach((ms, i) => {
        const from = i === 0 ? 1 : callsAtEnd[i - 1]! + 1;
        rows.push({ figure: `${label}: CPU per call, calls ${from}-${callsAtEnd[i]}`, value: round(ms, 3), unit: "ms" });
      });
    }
    return {
      key: "sdk-calls",
      title: "AWS SDK call cost",
      method: [
        `A fresh child process per kind (its own V8 isolate, as each function sandbox has) sends ${callsAtEnd.at(-1)} calls one after another to a canned HTTP server on 127.0.0.1 in the benchmark's process, which answers each with a fixed small body and does no work; the figure is the child's CPU time (process.cpuUsage) over each stretch of calls / its calls (stretches of ${stretches.join(", ")}).`,
        "The clients are the handlers' own (src/adapters: createDocumentClient for DynamoDB, createDurableSdkLambdaClient for the checkpoint), loaded from node_modules; node:http alone sends the same JSON with a keep-alive agent: what is left when the SDK is taken away.",
      ],
      rows,
      result: { callsAtEnd, cpuMsPerCall },
    };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
