/**
 * Child process of the SDK call benchmark: a fresh isolate, as a function sandbox is, that
 * sends one kind of call again and again to the canned server in the parent and measures
 * its own CPU per call over successive stretches of calls (the JIT warming up as it goes).
 */
import { request, Agent } from "node:http";
import { CheckpointDurableExecutionCommand } from "@aws-sdk/client-lambda";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "../../src/adapters/dynamodb";
import { createDurableSdkLambdaClient } from "../../src/adapters/lambda";

export type ProbeKind = "dynamodb-get" | "lambda-checkpoint" | "node-http";

export interface ProbeMessage {
  kind: ProbeKind;
  /** Client-side CPU (this process, every thread) per call in each stretch, ms. */
  cpuMsPerCall: number[];
}

const ARN = "arn:aws:lambda:us-east-2:000000000000:function:probe:1/durable-execution/probe/0000";

function caller(kind: ProbeKind, endpoint: string): () => Promise<unknown> {
  if (kind === "dynamodb-get") {
    const client = createDocumentClient({ endpoint });
    return () => client.send(new GetCommand({ TableName: "orders", Key: { pk: "ORDER#probe", sk: "ORDER" } }));
  }
  if (kind === "lambda-checkpoint") {
    process.env.AWS_ENDPOINT_URL_LAMBDA = endpoint;
    const client = createDurableSdkLambdaClient();
    const update = { Id: "step-1", Type: "STEP" as const, Action: "SUCCEED" as const, Payload: '{"ok":true}' };
    return () => client.send(new CheckpointDurableExecutionCommand({ DurableExecutionArn: ARN, CheckpointToken: "token", Updates: [update] }));
  }
  // The floor under both: the same POST with Node's own HTTP client and a keep-alive agent.
  const agent = new Agent({ keepAlive: true });
  const url = new URL(endpoint);
  return () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: "POST", path: "/", agent, headers: { "content-type": "application/json" } }, (res) => {
        res.resume();
        res.on("end", resolve);
      });
      req.on("error", reject);
      req.end('{"TableName":"orders","Key":{"pk":{"S":"ORDER#probe"},"sk":{"S":"ORDER"}}}');
    });
}

async function main(): Promise<ProbeMessage> {
  const kind = process.env.PROBE_KIND as ProbeKind;
  const stretches = (process.env.PROBE_STRETCHES ?? "").split(",").map(Number);
  const send = caller(kind, process.env.PROBE_ENDPOINT!);
  const cpuMsPerCall: number[] = [];
  for (const calls of stretches) {
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await send();
    const used = process.cpuUsage(before);
    cpuMsPerCall.push((used.user + used.system) / 1000 / calls);
  }
  return { kind, cpuMsPerCall };
}

if (require.main === module) {
  main().then(
    (message) => process.send!(message, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
