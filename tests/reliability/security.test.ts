/**
 * Security: who may approve, what the logs may hold, how big a request may be, what
 * the shipped dependencies and the repository must not contain.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { loadTemplate, resourcesOfType } from "../../src/local/template";
import { PROJECT_ROOT, waitForTerminalOrders } from "../support/stack";
import { entropy, scanRepository, scanText } from "../../scripts/check-secrets";
import { apiErrorOf, createOrder, send, smallOrder, PAYMENT_TOKENS } from "./support/orders";
import { withChildStack } from "./support/suite";

const run = promisify(execFile);

describe("approval authorization in AWS", () => {
  test("the approval route requires AWS_IAM in template.yaml", () => {
    const template = loadTemplate();
    const routes = resourcesOfType(template, "AWS::Serverless::Function").flatMap(([, fn]) =>
      Object.values((fn.Properties?.Events ?? {}) as Record<string, { Type?: string; Properties?: { Path?: string; Method?: string; Auth?: { Authorizer?: string } } }>),
    );
    const approval = routes.filter((event) => event.Type === "Api" && event.Properties?.Path === "/orders/{orderId}/approval");

    expect(approval).toHaveLength(1);
    expect(approval[0]?.Properties?.Method?.toUpperCase()).toBe("POST");
    expect(approval[0]?.Properties?.Auth?.Authorizer).toBe("AWS_IAM");
  });
});

describe("personal data in logs", () => {
  const suite = withChildStack({ timeScale: 0.001 });

  test("a full order (and a declined one) never writes the customer's email, street, city or zip to the logs", async () => {
    const tag = Date.now().toString(36);
    const pii = {
      email: `pii.probe.${tag}@example.net`,
      line1: `${tag} Confidential Lane`,
      city: `Privateville${tag}`,
      zip: "73519-2846",
    };
    const address = { line1: pii.line1, city: pii.city, state: "NY", zip: pii.zip, country: "US" };
    const completed = await createOrder(suite.stack.apiUrl, smallOrder({ customerEmail: pii.email, shippingAddress: address }));
    const declined = await createOrder(suite.stack.apiUrl, smallOrder({ customerEmail: pii.email, shippingAddress: address, paymentToken: PAYMENT_TOKENS.decline }));
    const ended = await waitForTerminalOrders([completed, declined], { apiUrl: () => suite.stack.apiUrl, timeoutMs: 60_000 });
    // Read back through the API as a client would, so any logging on the read path is covered too.
    await send(suite.stack.apiUrl, { method: "GET", path: `/orders/${completed}` });

    const logs = suite.stack.logs();
    expect([ended.get(completed)?.status, ended.get(declined)?.status]).toEqual(["completed", "failed"]);
    // The capture works: the order ids are in the logs (the one thing they may say about an order).
    expect(logs).toContain(completed);
    const leaks = Object.entries(pii).filter(([, value]) => logs.includes(value)).map(([field]) => field);
    const localPart = pii.email.split("@")[0] as string;
    if (logs.includes(localPart)) leaks.push("email (local part)");
    expect(leaks).toEqual([]);
  }, 120_000);

  test("request bodies over the size limit are refused with 413", async () => {
    const answer = await send(suite.stack.apiUrl, { path: "/orders", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...smallOrder(), pad: "p".repeat(40 * 1024) }) });

    expect(answer.status).toBe(413);
    expect(apiErrorOf(answer)?.code).toBe("payload_too_large");
  }, 30_000);
});

describe("secrets in the repository", () => {
  test("scripts/check-secrets.ts finds no credential or account id in the files git would publish", async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/check-secrets.ts"], { cwd: PROJECT_ROOT, timeout: 60_000 });
    const { findings } = scanRepository(PROJECT_ROOT);

    expect(findings).toEqual([]);
    expect(stdout).toMatch(/nothing found/);
  }, 90_000);

  // The planted values are assembled at run time so that this file itself stays clean.
  const accessKeyId = ["AKIA", "Q3EXAMPLE7ZK2BJMP"].join("").slice(0, 20);
  const temporaryKeyId = ["ASIA", "ZZEXAMPLE44HQ7WNQ"].join("").slice(0, 20);
  const secretAccessKey = ["wJalrXUtnFEMI/K7MDENG", "/bPxRfiCYzEXAMPLEKEY"].join("");
  const accountId = ["1234", "5678", "9012"].join("");

  test.each([
    ["an access key id", `const id = "${accessKeyId}";`],
    ["a temporary access key id", `AWS_ACCESS_KEY_ID=${temporaryKeyId}`],
    ["a secret access key", `aws_secret_access_key = ${secretAccessKey}`],
    ["an account id in an ARN", `arn:aws:lambda:us-east-2:${accountId}:function:OrderWorkflow`],
    ["a bare account id", `account: ${accountId}`],
    ["a private key", ["-----BEGIN RSA", "PRIVATE KEY-----"].join(" ")],
  ])("the scanner finds %s", (_label, line) => {
    expect(scanText(`first line\n${line}\n`, "planted.txt")).toEqual([expect.objectContaining({ file: "planted.txt", line: 2 })]);
  });

  test.each([
    ["the documented local dummy account id", "arn:aws:lambda:us-east-2:000000000000:function:OrderWorkflowFunction"],
    ["dummy local credentials", 'credentials: { accessKeyId: "local", secretAccessKey: "local" }'],
    ["a 13-digit epoch timestamp", "at: 1763776800000"],
    ["a lockfile integrity hash", '"integrity": "sha512-1234567890123AbCdEf+/123456789012=="'],
    ["a version number", '"version": "3.116212345678.0"'],
  ])("the scanner lets %s pass", (_label, line) => {
    expect(scanText(line, "fine.txt")).toEqual([]);
  });

  test("random keys score higher entropy than words", () => {
    expect(entropy(secretAccessKey)).toBeGreaterThan(entropy("aaaaaaaabbbbbbbb"));
  });
});
