/**
 * What the console says when something fails: a request it cannot take (400, naming
 * the field), or a call to AWS that failed — then the page names the service, where it
 * was called, and the API's own error name and message, never a blank page.
 */

/** A query or body the console cannot use; `field` names the part to fix. */
export class ConsoleInputError extends Error {
  override readonly name = "ConsoleInputError";
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export type BackendService = "Lambda" | "DynamoDB";

/** Where a service is reached, for messages: "the Lambda service at http://127.0.0.1:3001" or "Lambda in us-east-2". */
export interface ServiceLocation {
  description: string;
  /** What to do when it cannot be reached at all. */
  unreachableHint?: string;
}

/** A failed call, ready to show. */
export interface FailureReport {
  /** The HTTP status the console answers with. */
  status: number;
  service: BackendService;
  title: string;
  /** The API's error name and message, or the network error. */
  detail: string;
  hint?: string;
}

const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN", "EPIPE"]);

export function describeFailure(error: unknown, service: BackendService, location: ServiceLocation): FailureReport {
  const network = networkErrorCode(error);
  if (network) {
    return {
      status: 502,
      service,
      title: `Cannot reach ${location.description}`,
      detail: `${network === "ECONNREFUSED" ? "connection refused" : network} (${network})`,
      ...(location.unreachableHint ? { hint: location.unreachableHint } : {}),
    };
  }
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === "CredentialsProviderError") {
    return {
      status: 502,
      service,
      title: `No AWS credentials for ${location.description}`,
      detail: message,
      hint: "The console uses the default credential chain: AWS_PROFILE, environment variables, SSO, the instance role.",
    };
  }
  const httpStatus = metadataStatus(error);
  return {
    status: 502,
    service,
    title: httpStatus !== undefined && httpStatus < 500 ? `${service} refused the call (HTTP ${httpStatus})` : `${service} call failed${httpStatus ? ` (HTTP ${httpStatus})` : ""}`,
    detail: message && message !== name ? `${name}: ${message}` : name,
  };
}

/** The socket error code behind an SDK error, looking through wrappers and causes. */
function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    const { code, message, cause, errors } = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string" && NETWORK_ERROR_CODES.has(code)) return code;
    if (typeof message === "string") {
      const named = [...NETWORK_ERROR_CODES].find((candidate) => message.includes(candidate));
      if (named) return named;
    }
    // An AggregateError (happy-eyeballs connect) holds the real errors in `errors`.
    current = cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return undefined;
}

export function errorName(error: unknown): string {
  if (error instanceof Error) return error.name;
  if (typeof error === "object" && error !== null && "name" in error && typeof error.name === "string") return error.name;
  return "Error";
}

function metadataStatus(error: unknown): number | undefined {
  const metadata = typeof error === "object" && error !== null && "$metadata" in error ? (error.$metadata as { httpStatusCode?: unknown }) : undefined;
  return typeof metadata?.httpStatusCode === "number" ? metadata.httpStatusCode : undefined;
}
