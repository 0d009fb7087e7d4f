/**
 * Structured JSON log lines for the API. The fields are a closed list on purpose:
 * there is no way to log a request body, an email or an address through it.
 */
export interface ApiLogFields {
  requestId?: string;
  route?: string;
  method?: string;
  status?: number;
  orderId?: string;
  /** The error's class name (e.g. "TooManyRequestsException"), never its message: SDK messages may quote input. */
  errorName?: string;
  code?: string;
  replayed?: boolean;
  takeover?: boolean;
  durationMs?: number;
}

type Level = "INFO" | "WARN" | "ERROR";

function write(level: Level, message: string, fields: ApiLogFields): void {
  const line = JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: "orders-api", ...fields });
  if (level === "ERROR") console.error(line);
  else if (level === "WARN") console.warn(line);
  else console.info(line);
}

export const log = {
  info: (message: string, fields: ApiLogFields = {}): void => write("INFO", message, fields),
  warn: (message: string, fields: ApiLogFields = {}): void => write("WARN", message, fields),
  error: (message: string, fields: ApiLogFields = {}): void => write("ERROR", message, fields),
};

/** The class name of anything thrown, for logs. */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
