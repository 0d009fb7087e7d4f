/**
 * The re-driver's code runs in the test process, against a local stack: its adapters are
 * pointed at the stack's endpoints and tables, and back at nothing afterwards.
 */
import { resetDocumentClient } from "../../../src/adapters/dynamodb";
import { setLambdaClient } from "../../../src/adapters/lambda";
import type { RunningStack } from "../../support/stack";

export function pointAdaptersAt(stack: RunningStack): void {
  process.env.ORDERS_TABLE = stack.tableNames.OrdersTable!;
  process.env.ORDER_WORKFLOW_FUNCTION = "OrderWorkflowFunction:live";
  process.env.AWS_ENDPOINT_URL_DYNAMODB = stack.dynamodbEndpoint;
  process.env.AWS_ENDPOINT_URL_LAMBDA = stack.lambdaEndpoint;
  resetAdapters();
}

export function resetAdapters(): void {
  resetDocumentClient();
  setLambdaClient(undefined);
}
