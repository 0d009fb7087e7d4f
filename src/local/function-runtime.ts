/**
 * Runs the template's functions for the local Lambda service and the local API
 * Gateway. Each function gets its own pool of sandboxes (worker threads), reused
 * while warm; concurrent invocations of one function get separate sandboxes, as
 * concurrent Lambda invocations get separate execution environments.
 */
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import { sandboxEnvironment, type EnvironmentOverrides, type LocalEndpoints } from "./function-environment";
import type { FunctionError } from "./function-messages";
import { FunctionSandbox, type InvocationOutcome, type LogSink } from "./function-sandbox";
import type { FunctionSpec } from "./functions";
import type { FunctionRuntime, ResolvedFunction as ServiceResolvedFunction } from "./lambda-service";

export interface ResolvedFunction extends ServiceResolvedFunction {
  /** Unqualified ARN. */
  functionArn: string;
  timeoutSeconds: number;
  retentionPeriodInDays?: number;
}

export interface InvokeOptions {
  qualifier?: string;
  awsRequestId?: string;
}

export interface LocalFunctionRuntimeOptions {
  functions: FunctionSpec[];
  /**
   * Where the functions' SDK clients go. A promise when the services are not
   * listening yet: invocations wait for it, so no function ever starts without them.
   */
  endpoints?: LocalEndpoints | Promise<LocalEndpoints>;
  environmentOverrides?: EnvironmentOverrides;
  /** Sandboxes per function at most; further invocations queue. */
  maxConcurrency?: number;
  log?: LogSink;
  /** The stack's time scale, which functions see as DURABLE_EXECUTIONS_TIME_SCALE (default 1). */
  timeScale?: number;
}

/**
 * Twice the cores (4 on 2 cores). Each sandbox is its own V8 isolate that warms its JIT from
 * nothing, so every sandbox beyond what the cores keep busy spreads the same calls over colder
 * code: an SDK call costs its client about 3 ms in a fresh sandbox and 0.5 ms after 3,000. Twice,
 * not once, because a sandbox waits on the main thread's services for much of an invocation.
 * Interleaved, three pairs at K = 200 on 2 cores (5 Dec): CPU per order 311 / 289 / 294 ms with
 * 10 sandboxes, 240 / 229 / 221 ms with 4; 6.1 / 6.7 / 6.5 against 7.3 / 7.8 / 7.9 orders/s.
 */
export const DEFAULT_MAX_CONCURRENCY = Math.max(2, 2 * availableParallelism());
/** Sandboxes of one function that may be loading their handler at the same time (see SandboxPool). */
const COLD_STARTS_AT_ONCE = 1;

/** A Lambda qualifier is `$LATEST`, a version number or an alias name. */
const VERSION_QUALIFIER = /^(\$LATEST|[0-9]+)$/;

export class LocalFunctionRuntime implements FunctionRuntime {
  private readonly endpoints: Promise<LocalEndpoints>;
  private readonly byName = new Map<string, FunctionSpec>();
  private readonly pools = new Map<string, SandboxPool>();
  private closed = false;

  constructor(private readonly options: LocalFunctionRuntimeOptions) {
    this.endpoints = Promise.resolve(options.endpoints ?? {});
    for (const spec of options.functions) {
      this.byName.set(spec.name, spec);
      this.byName.set(spec.logicalId, spec);
    }
  }

  get functions(): readonly FunctionSpec[] {
    return this.options.functions;
  }

  spec(functionName: string): FunctionSpec | undefined {
    const resolved = this.resolve(functionName);
    return resolved && this.byName.get(resolved.name);
  }

  /**
   * Accepts what a Lambda caller may send as FunctionName: `name`, `name:qualifier`,
   * `account:function:name[:qualifier]` or a full ARN. An unknown alias or a
   * malformed name resolves to nothing, which the service answers with ResourceNotFoundException.
   */
  resolve(functionName: string): ResolvedFunction | undefined {
    const parsed = parseFunctionName(functionName);
    if (!parsed) return undefined;
    const spec = this.byName.get(parsed.name);
    if (!spec) return undefined;
    if (parsed.qualifier !== undefined && !VERSION_QUALIFIER.test(parsed.qualifier) && parsed.qualifier !== spec.alias) return undefined;
    return {
      name: spec.name,
      ...(parsed.qualifier !== undefined ? { qualifier: parsed.qualifier } : {}),
      durable: spec.durable !== undefined,
      functionArn: spec.arn,
      timeoutSeconds: spec.timeoutSeconds,
      ...(spec.durable
        ? { executionTimeoutSeconds: spec.durable.executionTimeoutSeconds, retentionPeriodInDays: spec.durable.retentionPeriodInDays }
        : {}),
    };
  }

  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<InvocationOutcome> {
    if (this.closed) return { error: { errorType: "ServiceException", errorMessage: "the local function runtime has been closed" } };
    const resolved = this.resolve(name);
    const spec = resolved && this.byName.get(resolved.name);
    if (!resolved || !spec) {
      return { error: { errorType: "ResourceNotFoundException", errorMessage: `Function not found: ${name}` } };
    }
    const qualifier = options.qualifier ?? resolved.qualifier;
    const invocation = {
      awsRequestId: options.awsRequestId ?? randomUUID(),
      invokedFunctionArn: qualifier ? `${spec.arn}:${qualifier}` : spec.arn,
    };
    const pool = this.poolOf(spec, await this.endpoints);
    const sandbox = await pool.acquire();
    try {
      return await sandbox.invoke(event, invocation);
    } finally {
      pool.release(sandbox);
    }
  }

  /** Starts one sandbox per function ahead of traffic, so the first requests don't pay the cold start. */
  async warm(): Promise<Array<{ name: string; error?: FunctionError }>> {
    const endpoints = await this.endpoints;
    if (this.closed) return [];
    return Promise.all(
      this.options.functions.map(async (spec) => {
        const error = await this.poolOf(spec, endpoints).warm();
        return { name: spec.name, ...(error ? { error } : {}) };
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private poolOf(spec: FunctionSpec, endpoints: LocalEndpoints): SandboxPool {
    let pool = this.pools.get(spec.name);
    if (!pool) {
      const log = this.options.log ?? printFunctionLine;
      pool = new SandboxPool(
        () => new FunctionSandbox(spec, sandboxEnvironment(spec, endpoints, this.options.environmentOverrides, this.options.timeScale), log),
        this.options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
      );
      this.pools.set(spec.name, pool);
    }
    return pool;
  }
}

/**
 * Sandboxes of one function: idle ones are reused (the most recently used first, so the
 * fewest stay warm), dead ones replaced, and beyond the limit callers wait their turn.
 *
 * It scales out one cold start at a time: while a sandbox is still loading its handler,
 * a caller waits for the next free sandbox instead of starting yet another. Lambda starts
 * environments eagerly on a fleet; on a 2-core machine a burst of cold starts only
 * competes for the same cores (a restarted stack resuming ten executions started ten
 * orchestrator sandboxes at once), and each sandbox warms its own JIT from nothing.
 */
class SandboxPool {
  private readonly idle: FunctionSandbox[] = [];
  private readonly all = new Set<FunctionSandbox>();
  private readonly waiting: Array<(sandbox: FunctionSandbox) => void> = [];
  /** Sandboxes still loading their handler. */
  private starting = 0;

  constructor(
    private readonly create: () => FunctionSandbox,
    private readonly limit: number,
  ) {}

  acquire(): Promise<FunctionSandbox> {
    const sandbox = this.takeIdle();
    if (sandbox) return Promise.resolve(sandbox);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.scaleOut();
    });
  }

  /**
   * Has a sandbox loaded ahead of traffic (started and left idle when there is none): a caller that
   * comes while it loads takes it and waits. Resolves as FunctionSandbox.whenReady does.
   */
  warm(): Promise<FunctionError | undefined> {
    const existing = [...this.all].find((sandbox) => sandbox.alive);
    if (existing) return existing.whenReady();
    const sandbox = this.spawn();
    this.idle.push(sandbox);
    return sandbox.whenReady();
  }

  release(sandbox: FunctionSandbox): void {
    if (!sandbox.alive) {
      this.all.delete(sandbox);
    } else {
      const next = this.waiting.shift();
      if (next) return next(sandbox);
      this.idle.push(sandbox);
    }
    this.scaleOut();
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((sandbox) => sandbox.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private scaleOut(): void {
    if (this.waiting.length === 0 || this.starting >= COLD_STARTS_AT_ONCE || this.all.size >= this.limit) return;
    this.waiting.shift()!(this.spawn());
  }

  private takeIdle(): FunctionSandbox | undefined {
    while (this.idle.length > 0) {
      const sandbox = this.idle.pop()!;
      if (sandbox.alive) return sandbox;
      this.all.delete(sandbox);
    }
    return undefined;
  }

  private spawn(): FunctionSandbox {
    const sandbox = this.create();
    this.all.add(sandbox);
    this.starting++;
    void sandbox.whenReady().then(() => {
      this.starting--;
      this.scaleOut();
    });
    return sandbox;
  }
}

/** Splits a FunctionName as Lambda accepts it into the function's name and qualifier. */
export function parseFunctionName(functionName: string): { name: string; qualifier?: string } | undefined {
  const parts = functionName.split(":");
  let rest: string[];
  if (parts[0] === "arn") {
    // arn:partition:lambda:region:account:function:name[:qualifier]
    if (parts.length < 7 || parts.length > 8 || parts[2] !== "lambda" || parts[5] !== "function") return undefined;
    rest = parts.slice(6);
  } else if (parts.length >= 3 && parts[1] === "function") {
    // account:function:name[:qualifier]
    if (parts.length > 4) return undefined;
    rest = parts.slice(2);
  } else {
    if (parts.length > 2) return undefined;
    rest = parts;
  }
  const [name, qualifier] = rest;
  if (!name || qualifier === "") return undefined;
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** Prints a function's line with a `[FunctionName]` prefix: the default sink. */
export const printFunctionLine: LogSink = (functionName, line, stream) => {
  (stream === "stderr" ? process.stderr : process.stdout).write(`[${functionName}] ${line}\n`);
};
