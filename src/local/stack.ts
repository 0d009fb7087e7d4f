/**
 * The whole app on one machine, from template.yaml: DynamoDB (dynalite) with the
 * template's tables, the local Lambda service running the template's functions,
 * and the API Gateway built from its Api events — all in this process, speaking
 * the real AWS APIs so curl, the AWS SDK and the AWS CLI work unchanged.
 */
import { dirname, join, resolve } from "node:path";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { seedInventory } from "../adapters/inventory-seed";
import { startLocalConsole } from "../console/local-console";
import { startApiGateway, type LocalApiGateway } from "./api-gateway";
import { apiRoutes, type ApiRoute } from "./api-routes";
import { startLocalDynamo, TTL_SWEEP_INTERVAL_MS, type LocalDynamo } from "./dynamodb";
import type { EnvironmentOverrides, LocalEndpoints } from "./function-environment";
import { keepFunctionLogs } from "./function-logs";
import { LocalFunctionRuntime, printFunctionLine } from "./function-runtime";
import type { LogSink } from "./function-sandbox";
import { useBundles } from "./function-bundles";
import { functionSpecs, type FunctionSpec } from "./functions";
import { createResolutionContext } from "./intrinsics";
import { startLambdaService, type LambdaService } from "./lambda-service";
import { DEFAULT_PORTS, LOCAL_AWS, LOCAL_HOST } from "./local-aws";
import { explainListenError } from "./ports";
import { localSchedules, startScheduler, type LocalScheduler } from "./schedules";
import { DEFAULT_TEMPLATE_PATH, loadTemplate, PROJECT_ROOT } from "./template";

/** Where `npm run dev` keeps its data unless told otherwise (git-ignored). */
export const DEFAULT_DATA_DIR = join(PROJECT_ROOT, ".local");

export interface LocalStackOptions {
  /** Ports default to 3000 / 3001 / 8000; 0 picks a free port. */
  apiPort?: number;
  lambdaPort?: number;
  dynamodbPort?: number;
  host?: string;
  /** Data folder (DynamoDB in `dynamodb/`, executions in `lambda/`); default `.local/` in the project. */
  dataDir?: string;
  /** Keep nothing on disk: a throwaway run. */
  inMemory?: boolean;
  /** Template Parameters, as `sam deploy --parameter-overrides` takes them. */
  parameterOverrides?: Record<string, string>;
  /** Function environment overrides in SAM's `--env-vars` shape. */
  environmentOverrides?: EnvironmentOverrides;
  /** DURABLE_EXECUTIONS_TIME_SCALE; read from the environment when absent. */
  timeScale?: number;
  templatePath?: string;
  /** Load data/inventory-seed.json into InventoryTable when the template has one (default true; existing items are kept). */
  seed?: boolean;
  /** Start one sandbox per function before returning, so the first request is not a cold start. */
  warm?: boolean;
  /** Fire the template's Schedule events (default true). The capacity benchmark turns them off to count only what orders cost. */
  runSchedules?: boolean;
  /** Sandboxes per function at most (default twice the cores: DEFAULT_MAX_CONCURRENCY). */
  maxConcurrency?: number;
  /** Function output; default: printed with a `[FunctionName]` prefix. */
  functionLog?: LogSink;
  /** One line per API request; default: none. */
  requestLog?: (line: string) => void;
  /**
   * Run each function's TypeScript source through tsx instead of its esbuild bundle (the
   * default, built as `sam build` would and cached): slower cold starts, no build step.
   */
  runSource?: boolean;
  /** Serve the order console (src/console) on this port; 0 picks a free one; absent = no console. */
  consolePort?: number;
}

export interface LocalStack {
  apiUrl: string;
  /** Present when the stack serves the console (`consolePort`). */
  consoleUrl?: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  ports: { api: number; lambda: number; dynamodb: number };
  /** Table name by logical id. */
  tableNames: Record<string, string>;
  /** Absent for an in-memory stack. */
  dataDir?: string;
  timeScale: number;
  parameters: Readonly<Record<string, string>>;
  functions: readonly FunctionSpec[];
  routes: readonly ApiRoute[];
  /** The template's Schedule events, firing at their scaled periods. */
  schedules: LocalScheduler["running"];
  /** How many seed products were added (0 when they were already there). */
  seededProducts: number;
  lambdaService: LambdaService;
  runtime: LocalFunctionRuntime;
  close(): Promise<void>;
}

export function timeScaleFromEnvironment(environment: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = environment.DURABLE_EXECUTIONS_TIME_SCALE;
  if (raw === undefined || raw.trim() === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`DURABLE_EXECUTIONS_TIME_SCALE must be a number >= 0, got "${raw}"`);
  return value;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? LOCAL_HOST;
  const templatePath = resolve(options.templatePath ?? DEFAULT_TEMPLATE_PATH);
  const template = loadTemplate(templatePath);
  const context = createResolutionContext(template, { ...(options.parameterOverrides ? { parameterOverrides: options.parameterOverrides } : {}) });
  const sources = functionSpecs(context, dirname(templatePath));
  const functions = options.runSource ? sources : await useBundles(sources, template, templatePath, dirname(templatePath));
  const routes = apiRoutes(context, functions);
  const timeScale = options.timeScale ?? timeScaleFromEnvironment() ?? 1;
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? DEFAULT_DATA_DIR);

  // Undone in reverse if a later piece fails to start, so a failed start leaves nothing running.
  const started: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of started.reverse()) await close().catch(() => undefined);
    started.length = 0;
  };

  try {
    const dynamodbPort = options.dynamodbPort ?? DEFAULT_PORTS.dynamodb;
    const dynamo: LocalDynamo = await startLocalDynamo({
      port: dynamodbPort,
      host,
      template,
      timeToLiveSweepMs: TTL_SWEEP_INTERVAL_MS,
      ...(dataDir ? { dataDir: join(dataDir, "dynamodb") } : {}),
    }).catch((error: unknown) => {
      throw explainListenError(error, "DynamoDB (dynalite)", dynamodbPort, "--dynamodb-port");
    });
    started.push(() => dynamo.close());

    let seededProducts = 0;
    const inventoryTable = dynamo.tableNames.InventoryTable;
    if (options.seed !== false && inventoryTable) {
      seededProducts = await seedInventory(DynamoDBDocumentClient.from(dynamo.client), inventoryTable);
    }

    // With a data folder, each function's output is also kept in logs/<FunctionName>.log.
    const keptLogs = dataDir ? keepFunctionLogs(dataDir, options.functionLog ?? printFunctionLine) : undefined;
    if (keptLogs) started.push(() => keptLogs.close());
    const functionLog = keptLogs?.sink ?? options.functionLog;
    let provideEndpoints: (endpoints: LocalEndpoints) => void = () => undefined;
    const runtime = new LocalFunctionRuntime({
      functions,
      endpoints: new Promise<LocalEndpoints>((resolveEndpoints) => (provideEndpoints = resolveEndpoints)),
      ...(options.environmentOverrides ? { environmentOverrides: options.environmentOverrides } : {}),
      ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
      ...(functionLog ? { log: functionLog } : {}),
      timeScale,
    });
    started.push(() => runtime.close());

    const lambdaPort = options.lambdaPort ?? DEFAULT_PORTS.lambda;
    const lambdaService = await startLambdaService({
      port: lambdaPort,
      host,
      functions: runtime,
      timeScale,
      region: LOCAL_AWS.region,
      accountId: LOCAL_AWS.accountId,
      ...(dataDir ? { dataDir: join(dataDir, "lambda") } : {}),
    }).catch((error: unknown) => {
      throw explainListenError(error, "The Lambda service", lambdaPort, "--lambda-port");
    });
    started.push(() => lambdaService.close());
    // Executions resumed from the data folder wait for this before their functions start.
    provideEndpoints({ lambda: lambdaService.endpoint, dynamodb: dynamo.endpoint });

    const apiPort = options.apiPort ?? DEFAULT_PORTS.api;
    const gateway: LocalApiGateway = await startApiGateway({
      port: apiPort,
      host,
      routes,
      invoke: (name, event) => runtime.invoke(name, event),
      ...(options.requestLog ? { log: options.requestLog } : {}),
    }).catch((error: unknown) => {
      throw explainListenError(error, "API Gateway", apiPort, "--api-port");
    });
    started.push(() => gateway.close());

    let consoleUrl: string | undefined;
    if (options.consolePort !== undefined) {
      const consoleServer = await startLocalConsole({
        port: options.consolePort,
        host,
        lambdaEndpoint: lambdaService.endpoint,
        dynamodbEndpoint: dynamo.endpoint,
        tableNames: dynamo.tableNames,
        functions,
      });
      started.push(() => consoleServer.close());
      consoleUrl = consoleServer.url;
    }

    if (options.warm) await runtime.warm();

    // Last to start, first to stop: no scheduled run begins against a stack going down.
    const scheduler = startScheduler({
      schedules: options.runSchedules === false ? [] : localSchedules(context, functions),
      timeScale,
      invoke: async (name, event) => {
        const outcome = await runtime.invoke(name, event);
        if (outcome.error) throw new Error(`${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      },
      log: (line) => (options.functionLog ? options.functionLog("schedule", line, "stderr") : process.stdout.write(`[schedule] ${line}\n`)),
    });
    started.push(() => scheduler.close());

    let closing: Promise<void> | undefined;
    return {
      apiUrl: gateway.url,
      ...(consoleUrl ? { consoleUrl } : {}),
      lambdaEndpoint: lambdaService.endpoint,
      dynamodbEndpoint: dynamo.endpoint,
      ports: { api: gateway.port, lambda: lambdaService.port, dynamodb: dynamo.port },
      tableNames: dynamo.tableNames,
      ...(dataDir ? { dataDir } : {}),
      timeScale,
      parameters: context.parameters,
      functions,
      routes,
      schedules: scheduler.running,
      seededProducts,
      lambdaService,
      runtime,
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
