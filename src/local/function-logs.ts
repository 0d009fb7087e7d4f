/**
 * Keeps each function's output in `<data-dir>/logs/<FunctionName>.log` (one line per
 * line the function wrote, stdout and stderr alike), the local stand-in for its
 * CloudWatch log group, so that `npm run local -- metrics` can read the EMF lines the
 * functions wrote. The lines still go on to the usual sink (the terminal).
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { join } from "node:path";
import type { LogSink } from "./function-sandbox";

export const FUNCTION_LOGS_DIR = "logs";

export function functionLogFile(dataDir: string, functionName: string): string {
  return join(dataDir, FUNCTION_LOGS_DIR, `${functionName}.log`);
}

export interface KeptFunctionLogs {
  sink: LogSink;
  close(): Promise<void>;
}

export function keepFunctionLogs(dataDir: string, next: LogSink): KeptFunctionLogs {
  const streams = new Map<string, WriteStream>();
  mkdirSync(join(dataDir, FUNCTION_LOGS_DIR), { recursive: true });
  const streamOf = (functionName: string): WriteStream => {
    let stream = streams.get(functionName);
    if (!stream) {
      stream = createWriteStream(functionLogFile(dataDir, functionName), { flags: "a" });
      streams.set(functionName, stream);
    }
    return stream;
  };
  return {
    sink: (functionName, line, stream) => {
      streamOf(functionName).write(`${line}\n`);
      next(functionName, line, stream);
    },
    close: async () => {
      await Promise.all([...streams.values()].map((stream) => new Promise<void>((resolve) => stream.end(() => resolve()))));
      streams.clear();
    },
  };
}
