/**
 * Powertools Logger as the durable SDK's logger (`context.configureLogger({ customLogger })`).
 *
 * The SDK wraps whatever logger it is given in its mode-aware logger, which drops lines
 * while the handler replays, so a step's log line appears once per execution and not once
 * per invocation. Each line is written by Powertools alone (one JSON object, no second
 * envelope) with the operation it came from (operationName, operationId, attempt), which
 * the SDK hands over through `configureDurableLoggingContext`.
 */
import type { DurableLogger, DurableLoggingContext } from "@aws/durable-execution-sdk-js";
import type { Logger } from "./logger";

type Level = "DEBUG" | "INFO" | "WARN" | "ERROR";

export class DurablePowertoolsLogger implements DurableLogger {
  private durableContext: DurableLoggingContext | undefined;

  constructor(private readonly logger: Logger) {}

  configureDurableLoggingContext(durableLoggingContext: DurableLoggingContext): void {
    this.durableContext = durableLoggingContext;
  }

  log(level: `${Level}`, ...params: unknown[]): void {
    this.write(level, params);
  }

  debug(...params: unknown[]): void {
    this.write("DEBUG", params);
  }

  info(...params: unknown[]): void {
    this.write("INFO", params);
  }

  warn(...params: unknown[]): void {
    this.write("WARN", params);
  }

  error(...params: unknown[]): void {
    this.write("ERROR", params);
  }

  private write(level: Level, params: unknown[]): void {
    const { message, attributes } = toPowertoolsLine(params);
    const line = { ...attributes, ...this.operationKeys() };
    if (level === "DEBUG") this.logger.debug(message, line);
    else if (level === "INFO") this.logger.info(message, line);
    else if (level === "WARN") this.logger.warn(message, line);
    else this.logger.error(message, line);
  }

  /** The operation a line was written in; the execution ARN is already an invocation key. */
  private operationKeys(): Record<string, unknown> {
    const data = this.durableContext?.getDurableLogData();
    if (!data) return {};
    const keys: Record<string, unknown> = {};
    if (data.operationName !== undefined) keys.operationName = data.operationName;
    if (data.operationId !== undefined) keys.operationId = data.operationId;
    if (data.attempt !== undefined) keys.attempt = data.attempt;
    return keys;
  }
}

/**
 * The SDK logs `(message, ...data)` or `(message, error, data)`; Powertools takes a message
 * and attributes. Objects are merged, an error goes under `error` (Powertools formats it
 * with name, message and stack), anything else under `data`.
 */
function toPowertoolsLine(params: unknown[]): { message: string; attributes: Record<string, unknown> } {
  const [first, ...rest] = params;
  const message = typeof first === "string" ? first : first instanceof Error ? first.message || first.name : "";
  const attributes: Record<string, unknown> = {};
  const data: unknown[] = [];
  for (const value of typeof first === "string" ? rest : params) {
    if (value instanceof Error) attributes.error = value;
    else if (typeof value === "object" && value !== null && !Array.isArray(value)) Object.assign(attributes, value);
    else if (value !== undefined) data.push(value);
  }
  if (data.length > 0) attributes.data = data.length === 1 ? data[0] : data;
  return { message, attributes };
}
