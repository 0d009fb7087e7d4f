import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { PortUnavailableError } from "../../src/local/ports";
import { startLocalStack } from "../../src/local/stack";
import { FIXTURE_TEMPLATE_PATH } from "./fixtures/fixture-template";

let taken: Server;
let port: number;

beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  port = (taken.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

test.each([
  ["apiPort", "API Gateway", "--api-port"],
  ["lambdaPort", "The Lambda service", "--lambda-port"],
  ["dynamodbPort", "DynamoDB (dynalite)", "--dynamodb-port"],
  ["consolePort", "The console", "--console-port"],
] as const)("a taken %s fails the start with a one-line message naming the service, the port and the flag", async (option, service, flag) => {
  const start = startLocalStack({ templatePath: FIXTURE_TEMPLATE_PATH, inMemory: true, apiPort: 0, lambdaPort: 0, dynamodbPort: 0, [option]: port });
  await expect(start).rejects.toThrow(PortUnavailableError);
  await expect(start).rejects.toThrow(`${service} cannot listen on port ${port}: the port is already in use. Stop what is using it, or choose another with ${flag} <port>`);
});
