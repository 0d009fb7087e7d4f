/**
 * Listening on a port with a clear failure: which service could not start, on
 * which port, and what to do about it — not a stack trace.
 */
import type { Server } from "node:net";
import type { AddressInfo } from "node:net";

/** A port the local stack needs is taken (or not allowed). */
export class PortUnavailableError extends Error {
  override readonly name = "PortUnavailableError";
  constructor(
    readonly service: string,
    readonly port: number,
    readonly flag: string | undefined,
    reason: "in use" | "not permitted",
    options?: ErrorOptions,
  ) {
    super(
      `${service} cannot listen on port ${port}: the port is ${reason === "in use" ? "already in use" : "not permitted"}.` +
        (flag ? ` Stop what is using it, or choose another with ${flag} <port> (0 picks a free port).` : ""),
      options,
    );
  }
}

/** Wraps an EADDRINUSE/EACCES failure of `service` in a PortUnavailableError; other errors pass through. */
export function explainListenError(error: unknown, service: string, port: number, flag?: string): unknown {
  const code = socketErrorCode(error);
  if (code === "EADDRINUSE") return new PortUnavailableError(service, port, flag, "in use", { cause: error });
  if (code === "EACCES") return new PortUnavailableError(service, port, flag, "not permitted", { cause: error });
  return error;
}

export async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** The listen error's code, also when a library wrapped it (as its `cause`). */
function socketErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 5; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === "string") return code;
    current = cause;
  }
  return undefined;
}
