/**
 * Headless Debian chromium for the console's browser tests and screenshots, driven by
 * playwright-core (whose own browser downloads are not used: `apt-get install -y chromium`).
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where the browser is: CHROMIUM_PATH, else Debian's package. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || "/usr/bin/chromium";
}

export function hasChromium(): boolean {
  return existsSync(chromiumPath());
}

/** No GPU, no sandbox (root in CI), and nothing that reaches for the network on its own. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A browser with a fresh, empty profile, removed again on close. */
export async function launchChromium(viewport = { width: 1400, height: 900 }): Promise<Chromium> {
  if (!hasChromium()) throw new Error(`no chromium at ${chromiumPath()}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`);
  const profile = mkdtempSync(join(tmpdir(), "console-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath(), headless: true, args: ARGS, viewport });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
