import { randomBytes } from "node:crypto";

/** What a checkpoint token proves: which execution, which invocation of it. */
export interface CheckpointTokenData {
  executionId: string;
  invocationSeq: number;
}

export function encodeCheckpointToken(data: CheckpointTokenData): string {
  // The random tail makes every token distinct, as AWS's are, so callers cannot depend on reusing one.
  const body = JSON.stringify({ e: data.executionId, i: data.invocationSeq, n: randomBytes(6).toString("hex") });
  return Buffer.from(body).toString("base64url");
}

export function decodeCheckpointToken(token: string): CheckpointTokenData | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "e" in parsed && "i" in parsed) {
      const { e, i } = parsed as { e: unknown; i: unknown };
      if (typeof e === "string" && typeof i === "number") return { executionId: e, invocationSeq: i };
    }
  } catch {
    // fall through: an undecodable token is simply invalid
  }
  return undefined;
}

/**
 * Opaque, URL-safe callback id; the store maps it to its execution and operation. Never
 * begins with `-`: a command line (the AWS CLI's --callback-id, `npm run local -- callback`)
 * would read such an id as an option.
 */
export function newCallbackId(): string {
  const id = randomBytes(18).toString("base64url");
  return id.startsWith("-") ? `A${id.slice(1)}` : id;
}
