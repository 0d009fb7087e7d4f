/**
 * A Lambda client double for API tests: records every command it is sent and answers
 * like Lambda does (Invoke with Event → 202 and the durable execution ARN; callback
 * success → {}). A test can make the next calls throw the real SDK exceptions.
 * The local-stack tests replace it with the real local Lambda service.
 */
import { InvokeCommand, SendDurableExecutionCallbackSuccessCommand, type InvokeCommandInput } from "@aws-sdk/client-lambda";
import type { LambdaCommand, LambdaSender } from "../../../src/adapters/lambda";

export interface RecordedInvoke {
  FunctionName: string | undefined;
  InvocationType: string | undefined;
  DurableExecutionName: string | undefined;
  payload: unknown;
}

export interface RecordedCallback {
  CallbackId: string | undefined;
  result: unknown;
  /** The Result blob exactly as sent. */
  rawResult: string;
}

export class RecordingLambdaClient implements LambdaSender {
  readonly invokes: RecordedInvoke[] = [];
  readonly callbacks: RecordedCallback[] = [];
  private readonly failures: Error[] = [];

  /** The next `send` throws `error` instead of answering (queue several for several calls). */
  failNextWith(error: Error): void {
    this.failures.push(error);
  }

  async send(command: LambdaCommand): Promise<unknown> {
    // Answer asynchronously, as a network call would, so callers interleave realistically.
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failures.shift();
    if (failure) throw failure;
    if (command instanceof InvokeCommand) return this.invoke(command.input);
    if (command instanceof SendDurableExecutionCallbackSuccessCommand) {
      const rawResult = blobText(command.input.Result);
      this.callbacks.push({ CallbackId: command.input.CallbackId, rawResult, result: JSON.parse(rawResult) as unknown });
      return { $metadata: { httpStatusCode: 200 } };
    }
    throw new Error(`RecordingLambdaClient: unexpected command ${(command as object).constructor.name}`);
  }

  private invoke(input: InvokeCommandInput): unknown {
    const payload = JSON.parse(blobText(input.Payload)) as unknown;
    this.invokes.push({ FunctionName: input.FunctionName, InvocationType: input.InvocationType, DurableExecutionName: input.DurableExecutionName, payload });
    const executionId = `exec-${this.invokes.length}`;
    return {
      $metadata: { httpStatusCode: 202 },
      StatusCode: 202,
      DurableExecutionArn: `arn:aws:lambda:us-east-2:000000000000:function:OrderWorkflowFunction:1/durable-execution/${input.DurableExecutionName}/${executionId}`,
    };
  }
}

function blobText(blob: unknown): string {
  if (typeof blob === "string") return blob;
  if (blob instanceof Uint8Array) return Buffer.from(blob).toString("utf8");
  throw new Error("RecordingLambdaClient: expected a string or bytes payload");
}
