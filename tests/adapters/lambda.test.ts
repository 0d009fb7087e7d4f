import {
  CallbackTimeoutException,
  DurableExecutionAlreadyStartedException,
  InvalidParameterValueException,
  LambdaClient,
  ServiceException,
  TooManyRequestsException,
} from "@aws-sdk/client-lambda";
import {
  ApprovalCallbackClosedError,
  durableExecutionName,
  getLambdaClient,
  LambdaCallError,
  sendApprovalDecision,
  setLambdaClient,
  startOrderWorkflow,
} from "../../src/adapters/lambda";
import { RecordingLambdaClient } from "../api/support/recording-lambda";

const ORDER = {
  customerId: "c",
  customerEmail: "c@example.com",
  shippingAddress: { state: "CA", zip: "95814" },
  items: [{ productId: "BOOK-001", name: "Book", quantity: 1, price: 39.99 }],
};
const ALIAS = "arn:aws:lambda:us-east-2:000000000000:function:OrderWorkflowFunction:live";
let lambda: RecordingLambdaClient;

beforeAll(() => {
  process.env.ORDER_WORKFLOW_FUNCTION = ALIAS;
});
beforeEach(() => {
  lambda = new RecordingLambdaClient();
  setLambdaClient(lambda);
});
afterAll(() => setLambdaClient(undefined));

describe("lambda adapter", () => {
  it("creates a real LambdaClient on first use when none is injected", () => {
    setLambdaClient(undefined);
    expect(getLambdaClient()).toBeInstanceOf(LambdaClient);
    expect(getLambdaClient()).toBe(getLambdaClient());
  });

  it("starts the workflow as an Event invoke of ORDER_WORKFLOW_FUNCTION named order-<orderId>", async () => {
    const started = await startOrderWorkflow("ord_1", ORDER);

    expect(lambda.invokes).toEqual([{ FunctionName: ALIAS, InvocationType: "Event", DurableExecutionName: "order-ord_1", payload: { orderId: "ord_1", order: ORDER } }]);
    expect(started).toEqual({ executionArn: expect.stringContaining("/durable-execution/order-ord_1/"), alreadyStarted: false });
  });

  it("keeps durable execution names within Lambda's 64-character alphabet for the longest order id", () => {
    expect(durableExecutionName("o".repeat(58))).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
  });

  it("treats an execution already started under the order's name as started", async () => {
    lambda.failNextWith(new DurableExecutionAlreadyStartedException({ message: "exists", $metadata: {} }));
    await expect(startOrderWorkflow("ord_2", ORDER)).resolves.toEqual({ alreadyStarted: true });
  });

  it.each([
    ["TooManyRequestsException", () => new TooManyRequestsException({ message: "slow down", $metadata: {} }), true],
    ["ServiceException", () => new ServiceException({ message: "oops", $metadata: {} }), true],
    ["InvalidParameterValueException", () => new InvalidParameterValueException({ message: "unqualified", $metadata: {} }), false],
  ])("reports %s from Invoke as a LambdaCallError (retryable: %s)", async (name, makeError, retryable) => {
    lambda.failNextWith(makeError());
    const failure = startOrderWorkflow("ord_3", ORDER);
    await expect(failure).rejects.toBeInstanceOf(LambdaCallError);
    await expect(failure).rejects.toMatchObject({ operation: "start-workflow", lambdaErrorName: name, retryable });
  });

  it("sends the decision as the callback's JSON result, leaving out an absent reason", async () => {
    await sendApprovalDecision("cb-1", { approved: true });
    await sendApprovalDecision("cb-2", { approved: false, reason: "too expensive" });

    expect(lambda.callbacks.map((callback) => [callback.CallbackId, callback.rawResult])).toEqual([
      ["cb-1", '{"approved":true}'],
      ["cb-2", '{"approved":false,"reason":"too expensive"}'],
    ]);
  });

  it("reports a closed callback as ApprovalCallbackClosedError", async () => {
    lambda.failNextWith(new CallbackTimeoutException({ message: "timed out", $metadata: {} }));
    await expect(sendApprovalDecision("cb-3", { approved: true })).rejects.toMatchObject({
      constructor: ApprovalCallbackClosedError,
      lambdaErrorName: "CallbackTimeoutException",
    });
  });
});
