/**
 * Powertools Logger for every function: one JSON object per line, with the service, the
 * Lambda request id, cold start and X-Ray trace id, and whatever keys the invocation is
 * about (the order id, the execution ARN).
 *
 * Levels: POWERTOOLS_LOG_LEVEL (the template's LogLevel parameter) is the level the code
 * logs at, and POWERTOOLS_LOGGER_SAMPLE_RATE (DebugLogSampleRate) the share of
 * invocations that log at DEBUG. Lambda's own filter, ApplicationLogLevel, stays at
 * DEBUG in the template so that it keeps what Powertools decided to write: Powertools
 * would otherwise adopt Lambda's level (AWS_LAMBDA_LOG_LEVEL) as its own, and a sampled
 * invocation's debug lines could never get through.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Context } from "aws-lambda";

export type { Logger };

/** Keys that name what a log line is about. Identifiers only: never an email, an address or a token. */
export interface InvocationKeys {
  orderId?: string;
  executionArn?: string;
}

export function createLogger(serviceName: string): Logger {
  const platformLevel = process.env.AWS_LAMBDA_LOG_LEVEL;
  delete process.env.AWS_LAMBDA_LOG_LEVEL;
  try {
    return new Logger({ serviceName });
  } finally {
    if (platformLevel !== undefined) process.env.AWS_LAMBDA_LOG_LEVEL = platformLevel;
  }
}

/**
 * Call first in every invocation: forgets the previous invocation's keys, adds the Lambda
 * context (request id, cold start) and draws this invocation's debug sample.
 */
export function startInvocation(logger: Logger, lambdaContext: Context | undefined, keys: InvocationKeys = {}): void {
  logger.resetKeys();
  if (lambdaContext) logger.addContext(lambdaContext);
  logger.refreshSampleRateCalculation();
  appendInvocationKeys(logger, keys);
}

/** Adds keys learnt during the invocation (an order id found by validation). */
export function appendInvocationKeys(logger: Logger, keys: InvocationKeys): void {
  const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
  if (Object.keys(defined).length > 0) logger.appendKeys(defined);
}

/** The class name of anything thrown, for logs: never its message, which may quote input. */
export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  return typeof error;
}
