/**
 * Environment access that fails loudly: a missing table name should stop a function at
 * its first request with a message naming the variable, not surface as an SDK error.
 */

export class MissingEnvironmentError extends Error {
  readonly variable: string;
  constructor(variable: string, detail = "is not set", options?: ErrorOptions) {
    super(`environment variable ${variable} ${detail}`, options);
    this.name = "MissingEnvironmentError";
    this.variable = variable;
  }
}

export function requiredEnv(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new MissingEnvironmentError(name);
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** A number from the environment, or `fallback` when the variable is absent or empty. */
export function numberEnv(name: string, fallback: number): number {
  const raw = optionalEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new MissingEnvironmentError(name, `must be a number, got ${JSON.stringify(raw)}`);
  return value;
}
