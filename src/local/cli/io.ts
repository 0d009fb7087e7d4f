/** Where CLI commands write: results to `out`, progress and logs to `err`, so `out` can be piped. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** A JSON string pretty-printed when it parses, as it is when it does not. */
export function prettyJson(text: string | undefined): string {
  if (text === undefined || text === "") return "(none)";
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
