import { execFileSync } from "node:child_process";
import { functionSpecs } from "./src/local/functions";
import { createResolutionContext } from "./src/local/intrinsics";
import { loadTemplate, PROJECT_ROOT } from "./src/local/template";
const spec = functionSpecs(createResolutionContext(loadTemplate()), PROJECT_ROOT).find((s) => s.logicalId === "OrderWorkflowFunction")!;
const env = { PATH: process.env.PATH, NODE_NO_WARNINGS: "1", AWS_REGION: "us-east-2", AWS_ACCESS_KEY_ID: "local", AWS_SECRET_ACCESS_KEY: "local", AWS_LAMBDA_FUNCTION_NAME: spec.logicalId, NODE_PATH: PROJECT_ROOT + "/node_modules", AWS_ENDPOINT_URL_LAMBDA: "http://127.0.0.1:9", AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:9", ...spec.environment, NODE_OPTIONS: "--enable-source-maps" };
const files: Record<string, string> = { external: "/tmp/initprobe/current/order-workflow.js", bundled: PROJECT_ROOT + "/dist/OrderWorkflowFunction/order-workflow.js" };
const samples: Record<string, number[]> = { external: [], bundled: [] };
for (let i = 0; i < 25; i++) for (const [k, f] of Object.entries(files)) samples[k]!.push(Number(execFileSync(process.execPath, ["-e", "const t=performance.now();require(process.argv[1]);process.stdout.write(String(performance.now()-t))", f], { env }).toString().trim().split("\n").at(-1)));
for (const [k, v] of Object.entries(samples)) { v.sort((a, b) => a - b); console.log(k, "median", v[12]!.toFixed(1), "p10", v[2]!.toFixed(1), "p90", v[22]!.toFixed(1)); }
