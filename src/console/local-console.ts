/**
 * The console of a local stack (`npm run dev`): the same server as against AWS, with a
 * target built from the stack's endpoints and the template's orders table and durable
 * orchestrator.
 */
import { explainListenError } from "../local/ports";
import { startConsole, type RunningConsole } from "./server";
import { localConsoleTarget } from "./target";

export interface LocalConsoleOptions {
  port: number;
  host: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  /** Table names by logical id. */
  tableNames: Readonly<Record<string, string>>;
  functions: ReadonlyArray<{ name: string; logicalId: string; durable?: unknown }>;
}

/** Starts it; a taken port fails with the same one-line message as the stack's other servers. */
export async function startLocalConsole(options: LocalConsoleOptions): Promise<RunningConsole> {
  const orchestrator = options.functions.find((fn) => fn.logicalId === "OrderWorkflowFunction") ?? options.functions.find((fn) => fn.durable !== undefined);
  const target = localConsoleTarget({
    lambdaEndpoint: options.lambdaEndpoint,
    dynamodbEndpoint: options.dynamodbEndpoint,
    ...(options.tableNames.OrdersTable ? { ordersTable: options.tableNames.OrdersTable } : {}),
    ...(orchestrator ? { workflowFunction: orchestrator.name } : {}),
  });
  try {
    const running = await startConsole({ target, port: options.port, host: options.host });
    return {
      ...running,
      close: async () => {
        await running.close();
        target.close();
      },
    };
  } catch (error) {
    target.close();
    throw explainListenError(error, "The console", options.port, "--console-port");
  }
}
