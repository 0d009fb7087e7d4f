/**
 * Fails when a file that git would publish holds something that looks like a
 * credential or an AWS account id.
 *
 * It scans the tracked files plus the untracked ones git does not ignore (what
 * the next commit could add), so a secret is caught before it is committed.
 * Run it with `npx tsx scripts/check-secrets.ts`; it exits 1 and lists
 * file:line:kind for every finding (never the value itself).
 *
 * The one account id allowed is 000000000000, the documented dummy the local
 * stack uses in its ARNs.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const ALLOWED_ACCOUNT_IDS: ReadonlySet<string> = new Set(["000000000000"]);

/** Larger files are data, not code, and are not scanned. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export const FindingKind = {
  AccessKeyId: "aws-access-key-id",
  SecretAccessKey: "aws-secret-access-key",
  PrivateKey: "private-key",
  Token: "token",
  SecretAssignment: "secret-assignment",
  AccountId: "aws-account-id",
} as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

export interface Finding {
  file: string;
  line: number;
  kind: FindingKind;
}

interface Rule {
  kind: FindingKind;
  pattern: RegExp;
  /** Decides on the match; absent means every match is a finding. */
  accept?: (match: RegExpExecArray) => boolean;
}

/** Placeholder values that are fine to commit (they are what the local stack and the tests use). */
const PLACEHOLDER_VALUE = /^(local|test|dummy|fake|example|changeme|placeholder|x+|\*+|<[^>]*>|\$\{[^}]*\})$/i;

/** Shannon entropy in bits per character: random keys score high, words and identifiers low. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksRandom(value: string): boolean {
  if (PLACEHOLDER_VALUE.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(value)).length;
  return classes >= 2 && entropy(value) >= 3.5;
}

const RULES: readonly Rule[] = [
  // Access key ids: AKIA (long-term), ASIA (temporary) and the other IAM unique-id prefixes.
  { kind: FindingKind.AccessKeyId, pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])/g },
  {
    kind: FindingKind.SecretAccessKey,
    pattern: /(?:aws_?secret_?access_?key|secret_?access_?key)["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{20,})/gi,
    accept: (m) => looksRandom(m[1] ?? ""),
  },
  // A bare 40-character AWS-secret-shaped value right after an access key id on the same line is covered
  // by the rule above; a bare one anywhere else is indistinguishable from a hash, so it is not guessed at.
  { kind: FindingKind.PrivateKey, pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: FindingKind.Token, pattern: /(?<![A-Za-z0-9_])(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: FindingKind.Token, pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{60,}/g },
  { kind: FindingKind.Token, pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g },
  { kind: FindingKind.Token, pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    kind: FindingKind.SecretAssignment,
    pattern: /(?:password|passwd|secret|api_?key|auth_?token|access_?token|client_?secret)["']?\s*[:=]\s*["'`]([^"'`\s]{16,})["'`]/gi,
    accept: (m) => looksRandom(m[1] ?? ""),
  },
  // A standalone 12-digit number (not part of a longer token, a version, a hash or a base64 run).
  {
    kind: FindingKind.AccountId,
    pattern: /(?<![\w/+=.-])(\d{12})(?![\w/+=.-])|arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:(\d{12}):/g,
    accept: (m) => !ALLOWED_ACCOUNT_IDS.has(m[1] ?? m[2] ?? ""),
  },
];

/** Every finding in one file's text. */
export function scanText(text: string, file: string): Finding[] {
  const findings: Finding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, index) => {
    for (const rule of RULES) {
      rule.pattern.lastIndex = 0;
      for (let match = rule.pattern.exec(lineText); match; match = rule.pattern.exec(lineText)) {
        if (!rule.accept || rule.accept(match)) findings.push({ file, line: index + 1, kind: rule.kind });
      }
    }
  });
  return findings;
}

/** The files git would publish: tracked ones and untracked ones that are not ignored. */
export function publishableFiles(root: string): string[] {
  const list = (args: string[]): string[] =>
    execFileSync("git", ["ls-files", "-z", ...args], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })
      .split("\0")
      .filter((name) => name.length > 0);
  return [...new Set([...list([]), ...list(["--others", "--exclude-standard"])])].sort();
}

export function scanRepository(root: string): { files: number; findings: Finding[] } {
  const findings: Finding[] = [];
  let files = 0;
  for (const file of publishableFiles(root)) {
    const path = resolve(root, file);
    let stats: ReturnType<typeof lstatSync>;
    try {
      stats = lstatSync(path);
    } catch {
      continue; // deleted in the work tree but still in the index
    }
    // git publishes a symbolic link as its target's path, not the contents behind it.
    if (!stats.isFile() || stats.size > MAX_FILE_BYTES) continue;
    const bytes = readFileSync(path);
    if (bytes.includes(0)) continue; // binary
    files++;
    findings.push(...scanText(bytes.toString("utf8"), file));
  }
  return { files, findings };
}

function main(): void {
  const root = resolve(__dirname, "..");
  const { files, findings } = scanRepository(root);
  if (findings.length === 0) {
    console.log(`check-secrets: ${files} files scanned, nothing found`);
    return;
  }
  for (const finding of findings) console.error(`${finding.file}:${finding.line}: ${finding.kind}`);
  console.error(`check-secrets: ${findings.length} finding(s) in ${files} files scanned`);
  process.exitCode = 1;
}

if (require.main === module) main();
