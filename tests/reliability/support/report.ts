/**
 * Figures of a run (how many orders, kills, spikes, how they ended), written straight
 * to stderr so they show in every Jest mode — the soak figures in the README come
 * from these lines.
 */
import { SCALE } from "./scale";

export function reportFigures(suite: string, figures: string): void {
  process.stderr.write(`[reliability:${SCALE}] ${suite}: ${figures}\n`);
}
