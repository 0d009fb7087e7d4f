import { DEFAULT_LATENCY_MS, simulate, TransientWorkerError } from "../../src/workers/simulation";

describe("worker simulation", () => {
  const saved = { latency: process.env.WORKER_LATENCY_MS, rate: process.env.WORKER_FAILURE_RATE };
  afterEach(() => {
    restore("WORKER_LATENCY_MS", saved.latency);
    restore("WORKER_FAILURE_RATE", saved.rate);
  });

  const noSleep = { sleep: jest.fn(async () => undefined) };

  it("never fails when WORKER_FAILURE_RATE is absent or 0, whatever the dice say", async () => {
    delete process.env.WORKER_FAILURE_RATE;
    await expect(simulate("tax", { ...noSleep, random: () => 0 })).resolves.toBeUndefined();
    process.env.WORKER_FAILURE_RATE = "0";
    await expect(simulate("tax", { ...noSleep, random: () => 0 })).resolves.toBeUndefined();
  });

  it("throws a TransientWorkerError when the dice land under the rate", async () => {
    process.env.WORKER_FAILURE_RATE = "0.3";

    await expect(simulate("payment", { ...noSleep, random: () => 0.29 })).rejects.toMatchObject({ name: "TransientWorkerError" });
    await expect(simulate("payment", { ...noSleep, random: () => 0.3 })).resolves.toBeUndefined();
    await expect(simulate("payment", { ...noSleep, random: () => 0.29 })).rejects.toBeInstanceOf(TransientWorkerError);
  });

  it("always fails at rate 1", async () => {
    process.env.WORKER_FAILURE_RATE = "1";
    await expect(simulate("inventory", { ...noSleep, random: () => 0.999 })).rejects.toBeInstanceOf(TransientWorkerError);
  });

  it("waits the per-worker default latency when WORKER_LATENCY_MS is absent", async () => {
    delete process.env.WORKER_LATENCY_MS;
    const sleep = jest.fn(async () => undefined);

    for (const worker of ["inventory", "payment", "shipping", "tax"] as const) await simulate(worker, { sleep });

    expect(sleep.mock.calls).toEqual([[150], [200], [100], [125]]);
    expect(DEFAULT_LATENCY_MS).toEqual({ inventory: 150, payment: 200, shipping: 100, tax: 125 });
  });

  it("waits the configured latency, and not at all at 0", async () => {
    const sleep = jest.fn(async () => undefined);
    process.env.WORKER_LATENCY_MS = "40";
    await simulate("shipping", { sleep });
    process.env.WORKER_LATENCY_MS = "0";
    await simulate("shipping", { sleep });

    expect(sleep.mock.calls).toEqual([[40]]);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
