import { InvocationType, LambdaClient } from "@aws-sdk/client-lambda";
import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { CloudDurableTestRunner, LocalDurableTestRunner, type TestResult } from "@aws/durable-execution-sdk-js-testing";
import { type LambdaService, startLambdaService } from "../../../src/local/lambda-service";
import {
  CHILD_WORKFLOW,
  CHILD_WORKFLOW_QUALIFIED,
  childWorkflow,
  conformanceCases,
  FAILING_FUNCTION,
  failingFunction,
  PLAIN_FUNCTION,
  plainFunction,
} from "./support/conformance-cases";
import { InProcessRuntime } from "./support/in-process-runtime";
import { setupSkipTimeEnvironment } from "../../support/durable-test-runner";

/**
 * The shared contract: every case runs on the official LocalDurableTestRunner (skipTime) first, then on the
 * local service through the official CloudDurableTestRunner (real Invoke + history over HTTP). Status,
 * result, error type and the set of operations (type, subtype, name, status) must agree.
 */
interface Outcome {
  status: string | undefined;
  result?: unknown;
  error?: { errorType?: string; errorMessage?: string };
  operations: string[];
}

function summarize(result: TestResult<unknown>): Outcome {
  const status = result.getStatus();
  const operations = result.getOperations()
    .map((op) => [op.getType(), op.getSubType(), op.getName(), op.getStatus()].join(" | "))
    .sort();
  if (status === "SUCCEEDED") return { status, result: result.getResult(), operations };
  const error = result.getError();
  return { status, error: { errorType: error?.errorType, errorMessage: error?.errorMessage }, operations };
}

const reference = new Map<string, Outcome>();

describe("official LocalDurableTestRunner with skipTime", () => {
  beforeAll(() => setupSkipTimeEnvironment());
  afterAll(() => LocalDurableTestRunner.teardownTestEnvironment());

  test.each(conformanceCases)("$title", async (testCase) => {
    const runner = new LocalDurableTestRunner({ handlerFunction: withDurableExecution(testCase.handler) });
    runner
      .registerFunction(PLAIN_FUNCTION, plainFunction)
      .registerFunction(FAILING_FUNCTION, failingFunction)
      .registerDurableFunction(CHILD_WORKFLOW_QUALIFIED, withDurableExecution(childWorkflow));
    const running = runner.run({ payload: testCase.payload ?? {} });
    if (testCase.drive) await testCase.drive(runner);
    reference.set(testCase.name, summarize(await running));
  });
});

describe("local Lambda service agrees with the official runner", () => {
  let service: LambdaService;
  let runtime: InProcessRuntime;
  let client: LambdaClient;

  beforeAll(async () => {
    runtime = new InProcessRuntime()
      .register(PLAIN_FUNCTION, plainFunction)
      .register(FAILING_FUNCTION, failingFunction)
      .registerDurable(CHILD_WORKFLOW, childWorkflow);
    for (const testCase of conformanceCases) runtime.registerDurable(testCase.name, testCase.handler);
    service = await startLambdaService({ port: 0, functions: runtime, timeScale: 0.001 });
    runtime.connect(service.endpoint);
    client = new LambdaClient({ endpoint: service.endpoint, region: "us-east-2", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  });

  afterAll(async () => {
    await service.close();
    runtime.close();
    client.destroy();
  });

  test.each(conformanceCases)("$title", async (testCase) => {
    const runner = new CloudDurableTestRunner({
      functionName: `${testCase.name}:live`,
      client,
      config: { pollInterval: 5, invocationType: InvocationType.Event },
    });
    const running = runner.run({ payload: testCase.payload ?? {} });
    if (testCase.drive) await testCase.drive(runner);
    const outcome = summarize(await running);
    expect(reference.get(testCase.name)).toBeDefined();
    expect(outcome).toEqual(reference.get(testCase.name));
    if (process.env.DUMP_CONFORMANCE) console.log(testCase.name, JSON.stringify(outcome));
  });
});
