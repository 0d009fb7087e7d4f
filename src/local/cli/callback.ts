/**
 * `npm run local -- callback succeed|fail|heartbeat <callbackId>`: answers a
 * durable callback through the Lambda API, as an external system would.
 */
import {
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  type LambdaClient,
} from "@aws-sdk/client-lambda";
import { UsageError } from "../args";
import type { CliIo } from "./io";

export const CALLBACK_ACTIONS = ["succeed", "fail", "heartbeat"] as const;
export type CallbackAction = (typeof CALLBACK_ACTIONS)[number];

export interface CallbackCommand {
  action: CallbackAction;
  callbackId: string;
  /** succeed: the result, sent as is (the workflow decides how to parse it). */
  result?: string;
  /** fail: the error the waiting operation sees. */
  errorMessage?: string;
  errorType?: string;
  errorData?: string;
}

export function isCallbackAction(value: string | undefined): value is CallbackAction {
  return (CALLBACK_ACTIONS as readonly string[]).includes(value ?? "");
}

export async function runCallbackCommand(command: CallbackCommand, client: LambdaClient, io: CliIo): Promise<number> {
  const { action, callbackId } = command;
  switch (action) {
    case "succeed":
      await client.send(
        new SendDurableExecutionCallbackSuccessCommand({
          CallbackId: callbackId,
          ...(command.result !== undefined ? { Result: new TextEncoder().encode(command.result) } : {}),
        }),
      );
      io.out(`Callback ${callbackId} succeeded${command.result !== undefined ? ` with ${command.result}` : ""}.`);
      return 0;
    case "fail":
      await client.send(
        new SendDurableExecutionCallbackFailureCommand({
          CallbackId: callbackId,
          Error: {
            ...(command.errorMessage !== undefined ? { ErrorMessage: command.errorMessage } : {}),
            ...(command.errorType !== undefined ? { ErrorType: command.errorType } : {}),
            ...(command.errorData !== undefined ? { ErrorData: command.errorData } : {}),
          },
        }),
      );
      io.out(`Callback ${callbackId} failed${command.errorMessage ? `: ${command.errorMessage}` : ""}.`);
      return 0;
    case "heartbeat":
      await client.send(new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: callbackId }));
      io.out(`Heartbeat sent for callback ${callbackId}.`);
      return 0;
    default:
      throw new UsageError(`unknown callback action "${String(action satisfies never)}"`);
  }
}
