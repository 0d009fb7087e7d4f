/**
 * The order's saga: what has to be undone if the order cannot finish.
 *
 * Compensations are data, `{ name, run }`, pushed by the workflow after the action they
 * undo has succeeded. The list lives in the handler's memory and is rebuilt on every
 * replay from checkpointed results (the workflow only pushes after an awaited durable
 * result), so it never needs to be stored. `compensate` runs them newest first; each
 * runs as its own child context `compensate-<name>` (the undo call with its own
 * retries, then a step that records the outcome on the order), and one that fails after
 * all its retries is recorded as failed without stopping the others.
 */
import type { DurableContext } from "@aws/durable-execution-sdk-js";
import { appendCompensation, type CompensationEntry } from "../adapters/orders-repository";
import { describe, isOperationFailure } from "./invoke-worker";
import { compensationRecorded } from "./order-metrics";
import { DATA_STEP_RETRY } from "./policies";

export const COMPENSATION = {
  VOID_PAYMENT: "void-payment",
  RELEASE_INVENTORY: "release-inventory",
  REFUND_PAYMENT: "refund-payment",
} as const;
export type CompensationName = (typeof COMPENSATION)[keyof typeof COMPENSATION];

export interface CompensationResult {
  /** False when there was nothing left to undo (the worker said so); still a success. */
  undone: boolean;
  detail?: string;
}

export interface Compensation {
  readonly name: CompensationName;
  /** Undoes the action with durable operations on `context`; throws when it finally cannot. */
  readonly run: (context: DurableContext) => Promise<CompensationResult>;
}

export class Saga {
  private compensations: Compensation[] = [];

  constructor(private readonly orderId: string) {}

  /** Registers the undo of an action that has just succeeded. */
  add(compensation: Compensation): void {
    this.compensations.push(compensation);
  }

  /** Drops a compensation that a later action made pointless (a capture consumes the authorization). */
  discard(name: CompensationName): void {
    this.compensations = this.compensations.filter((compensation) => compensation.name !== name);
  }

  /** The point of no return: after it, a failure is recorded but nothing is undone. */
  close(): void {
    this.compensations = [];
  }

  /** Runs every registered compensation newest first, and empties the list. */
  async compensate(context: DurableContext): Promise<CompensationEntry[]> {
    const entries: CompensationEntry[] = [];
    for (const compensation of [...this.compensations].reverse()) {
      entries.push(await context.runInChildContext(`compensate-${compensation.name}`, (child) => this.runOne(child, compensation)));
    }
    this.compensations = [];
    return entries;
  }

  private async runOne(context: DurableContext, compensation: Compensation): Promise<CompensationEntry> {
    let status: CompensationEntry["status"];
    let detail: string | undefined;
    try {
      const result = await compensation.run(context);
      status = "succeeded";
      detail = result.detail;
    } catch (error) {
      if (!isOperationFailure(error)) throw error;
      status = "failed";
      detail = `gave up after retries: ${describe(error)}`;
    }
    return context.step(
      "record-compensation",
      async () => {
        const entry: CompensationEntry = { action: compensation.name, status, at: new Date().toISOString(), ...(detail ? { detail } : {}) };
        await appendCompensation(this.orderId, entry);
        compensationRecorded(compensation.name, status);
        return entry;
      },
      { retryStrategy: DATA_STEP_RETRY },
    );
  }
}
