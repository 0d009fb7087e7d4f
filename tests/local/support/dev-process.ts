/**
 * `npm run dev` as a child process, the way a person runs it: one Node.js process
 * (tsx loaded with --import, so SIGKILL really kills the server and nothing lingers).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { PROJECT_ROOT } from "../../../src/local/template";

export interface DevProcess {
  child: ChildProcess;
  apiUrl: string;
  lambdaEndpoint: string;
  dynamodbEndpoint: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function runNodeScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function startDevProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<DevProcess> {
  const child = runNodeScript("src/local/dev.ts", args, env);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const check = () => {
      if (output.includes("Press Ctrl+C")) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() => {
      clearTimeout(timer);
      resolve(output.includes("Press Ctrl+C"));
    });
  });
  const address = (label: string) => new RegExp(`${label}\\s+(http://127\\.0\\.0\\.1:\\d+)`).exec(output)?.[1];
  const apiUrl = address("API Gateway");
  const lambdaEndpoint = address("Lambda");
  const dynamodbEndpoint = address("DynamoDB");
  if (!ready || !apiUrl || !lambdaEndpoint || !dynamodbEndpoint) {
    child.kill("SIGKILL");
    throw new Error(`npm run dev did not start:\n${output}`);
  }
  return {
    child,
    apiUrl,
    lambdaEndpoint,
    dynamodbEndpoint,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
