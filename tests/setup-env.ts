// Every test starts from a quiet, deterministic world: no simulated latency or chaos
// unless a test turns it on, and dummy credentials so no SDK client looks for real ones.
process.env.WORKER_LATENCY_MS ??= "0";
process.env.WORKER_FAILURE_RATE ??= "0";
process.env.AWS_REGION ??= "us-east-2";
process.env.AWS_ACCESS_KEY_ID ??= "local";
process.env.AWS_SECRET_ACCESS_KEY ??= "local";
process.env.AWS_EC2_METADATA_DISABLED = "true";
// Tooling runs on Node 20 while Lambda runs Node 22; the SDK would warn once per worker.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
// Powertools writes through the global console in dev mode, so jest's `silent` applies to
// its lines and tests can read them with jest.spyOn(console, ...); metrics stay on.
process.env.POWERTOOLS_DEV ??= "true";
process.env.POWERTOOLS_METRICS_DISABLED ??= "false";
