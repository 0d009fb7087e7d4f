/**
 * The Lambda client the local CLI uses: the real AWS SDK client, sent to the local
 * endpoint, so every CLI command goes through the same API a deployed app uses.
 */
import { connect } from "node:net";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { LOCAL_AWS } from "../local-aws";

export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({ endpoint, region: LOCAL_AWS.region, credentials: LOCAL_AWS.credentials, maxAttempts: 1 });
}

/** True when something accepts connections on host:port. */
export function isListening(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Turns "connection refused" into advice; AWS errors keep their name and message. */
export function describeCallFailure(error: unknown, endpoint: string): string {
  if (isConnectionRefused(error)) {
    return `no Lambda service at ${endpoint}. Start the stack with \`npm run dev\`, or point at it with --lambda-port <port>.`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The SDK wraps network errors; look through the wrappers and causes for the socket's code. */
export function isConnectionRefused(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (code === "ECONNREFUSED" || (typeof message === "string" && message.includes("ECONNREFUSED"))) return true;
  return isConnectionRefused(cause, depth + 1);
}
