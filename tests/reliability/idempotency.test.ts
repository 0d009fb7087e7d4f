/**
 * Idempotency under concurrency: many identical POSTs racing with one Idempotency-Key
 * make one order and one durable execution, and all of them learn the same order id.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { scopedIdempotencyKey } from "../../src/api/idempotency";
import { waitForTerminalOrders } from "../support/stack";
import { durableExecutionName, listExecutions } from "./support/lambda";
import { apiErrorOf, newIdempotencyKey, orderIdOf, PAYMENT_TOKENS, postOrder, send, smallOrder } from "./support/orders";
import { sizes } from "./support/scale";
import { withChildStack } from "./support/suite";

const suite = withChildStack({ timeScale: 0.001 });

describe("idempotency under concurrency", () => {
  const key = newIdempotencyKey();
  const order = smallOrder({ customerId: "cust-idempotent" });
  let orderId: string;

  test(`${sizes.concurrentDuplicatePosts} concurrent identical POSTs with one key make one order and one execution, and all name it`, async () => {
    const answers = await Promise.all(Array.from({ length: sizes.concurrentDuplicatePosts }, () => postOrder(suite.stack.apiUrl, order, key)));

    expect(answers.filter((answer) => answer.status !== 202).map((answer) => `${answer.status} ${answer.text}`)).toEqual([]);
    const ids = new Set(answers.map(orderIdOf));
    expect(ids.size).toBe(1);
    orderId = [...ids][0] as string;
    expect(orderId).toEqual(expect.any(String));

    expect(await suite.orderCount()).toBe(1);
    const executions = await listExecutions(suite.lambda);
    expect(executions.map((execution) => execution.DurableExecutionName)).toEqual([durableExecutionName(orderId)]);
  }, 120_000);

  test("the same key with another body is refused with 422 and starts nothing", async () => {
    const other = smallOrder({ customerId: "cust-idempotent", items: [{ productId: "CABLE-001", name: "USB-C Cable 2 m", quantity: 3, price: 9.99 }] });
    const answer = await postOrder(suite.stack.apiUrl, other, key);

    expect(answer.status).toBe(422);
    expect(apiErrorOf(answer)?.code).toBe("idempotency_key_reused");
    expect(await suite.orderCount()).toBe(1);
    expect(await suite.executionCount()).toBe(1);
  }, 60_000);

  test("the same key and body after the order finished still names the same order, under either header name", async () => {
    await waitForTerminalOrders([orderId], { apiUrl: () => suite.stack.apiUrl, timeoutMs: 60_000 });

    const again = await postOrder(suite.stack.apiUrl, order, key);
    const legacy = await send(suite.stack.apiUrl, {
      path: "/orders",
      headers: { "content-type": "application/json", "x-idempotency-key": key },
      // Key order and whitespace differ; the request is the same.
      body: JSON.stringify({ items: order.items, shippingAddress: order.shippingAddress, customerEmail: order.customerEmail, customerId: order.customerId }, null, 2),
    });

    expect([again.status, orderIdOf(again)]).toEqual([202, orderId]);
    expect([legacy.status, orderIdOf(legacy)]).toEqual([202, orderId]);
    expect(await suite.orderCount()).toBe(1);
    expect(await suite.executionCount()).toBe(1);
  }, 90_000);

  test("racing POSTs with one fresh key and two different bodies make one order; every loser is told 422", async () => {
    const racingKey = newIdempotencyKey();
    const bodies = [smallOrder({ customerId: "cust-race-a" }), smallOrder({ customerId: "cust-race-b" })];
    const before = await suite.orderCount();

    const answers = await Promise.all(Array.from({ length: 20 }, (_, index) => postOrder(suite.stack.apiUrl, bodies[index % 2], racingKey)));

    const winners = answers.filter((answer) => answer.status === 202);
    const losers = answers.filter((answer) => answer.status !== 202);
    expect(new Set(winners.map(orderIdOf)).size).toBe(1);
    expect(winners.length).toBe(10);
    expect(losers.map((answer) => [answer.status, apiErrorOf(answer)?.code])).toEqual(Array.from({ length: 10 }, () => [422, "idempotency_key_reused"]));
    expect(await suite.orderCount()).toBe(before + 1);
  }, 120_000);
  test("a retry that takes over the key of a request that died after starting an order which then failed (declined) gets that order, not a new one", async () => {
    const declinedKey = newIdempotencyKey();
    const declined = smallOrder({ customerId: "cust-died-after-start", paymentToken: PAYMENT_TOKENS.decline });
    const first = await postOrder(suite.stack.apiUrl, declined, declinedKey);
    const orderId = orderIdOf(first) as string;
    const [ended] = (await waitForTerminalOrders([orderId], { apiUrl: () => suite.stack.apiUrl, timeoutMs: 60_000 })).values();
    expect(ended?.status).toBe("failed");
    // Rewind the key to how a crash leaves it: the owner started the workflow and died before
    // marking the key completed, and its lease has run out since.
    await suite.doc.send(new UpdateCommand({
      TableName: suite.stack.tableNames.IdempotencyTable,
      Key: { idempotencyKey: scopedIdempotencyKey(declinedKey) },
      UpdateExpression: "SET #status = :inProgress, leaseExpiresAt = :expired REMOVE completedAt",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":inProgress": "IN_PROGRESS", ":expired": Date.now() - 1 },
    }));
    const before = { orders: await suite.orderCount(), executions: await suite.executionCount() };

    const retry = await postOrder(suite.stack.apiUrl, declined, declinedKey);

    expect([retry.status, orderIdOf(retry)]).toEqual([202, orderId]);
    expect({ orders: await suite.orderCount(), executions: await suite.executionCount() }).toEqual(before);
  }, 120_000);
});
