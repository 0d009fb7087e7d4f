/** Plain-text tables for the terminal and Markdown tables for the README fragment. */

export type Cell = string | number;

function text(cell: Cell): string {
  return typeof cell === "number" ? formatNumber(cell) : cell;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 0.01 ? 2 : 4;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function renderTable(header: readonly string[], rows: readonly Cell[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => text(row[i] ?? "").length)));
  const line = (cells: readonly Cell[]): string =>
    cells
      .map((cell, i) => {
        const value = text(cell);
        return typeof cell === "number" ? value.padStart(widths[i]!) : value.padEnd(widths[i]!);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export function renderMarkdownTable(header: readonly string[], rows: readonly Cell[][]): string {
  const escape = (cell: Cell): string => text(cell).replace(/\|/g, "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`),
  ].join("\n");
}
