/**
 * The API's log lines, written by Powertools Logger. The fields are a closed list on
 * purpose: there is no way to log a request body, an email or an address through it.
 */
import { createLogger } from "../observability/logger";

export { errorName } from "../observability/logger";

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

export const apiLogger = createLogger("orders-api");

export const log = {
  info: (message: string, fields: ApiLogFields = {}): void => apiLogger.info(message, { ...fields }),
  warn: (message: string, fields: ApiLogFields = {}): void => apiLogger.warn(message, { ...fields }),
  error: (message: string, fields: ApiLogFields = {}): void => apiLogger.error(message, { ...fields }),
};
