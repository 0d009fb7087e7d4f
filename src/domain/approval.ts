/**
 * A person's decision on an order that waits for approval. The API checks it before
 * sending it; the workflow checks it again when it arrives as the callback result,
 * because anyone with the callback id can answer (the AWS CLI, for one).
 */
import * as z from "zod/mini";
import { parseWith, type ParseResult } from "./validation";

export const APPROVAL_LIMITS = { maxReasonLength: 500 } as const;

export const approvalDecisionSchema = z.strictObject(
  {
    approved: z.boolean("must be true or false"),
    reason: z.optional(
      z.string("must be a string").check(
        z.maxLength(APPROVAL_LIMITS.maxReasonLength, `must be at most ${APPROVAL_LIMITS.maxReasonLength} characters`),
      ),
    ),
  },
  { error: (issue) => (issue.code === "invalid_type" ? 'must be a JSON object like {"approved": true}' : undefined) },
);

export interface ApprovalDecision {
  approved: boolean;
  reason?: string;
}

/** Validates a decision; a blank reason is dropped. */
export function parseApprovalDecision(input: unknown): ParseResult<ApprovalDecision> {
  const parsed = parseWith(approvalDecisionSchema, input);
  if (!parsed.ok) return parsed;
  const reason = parsed.value.reason?.trim();
  return { ok: true, value: reason ? { approved: parsed.value.approved, reason } : { approved: parsed.value.approved } };
}
