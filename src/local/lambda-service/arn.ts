export interface ArnContext {
  region: string;
  accountId: string;
}

export function functionArn(ctx: ArnContext, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${name}`;
  return qualifier ? `${base}:${qualifier}` : base;
}

/** AWS: the execution ARN carries a version or $LATEST, never an alias. */
export function versionForQualifier(qualifier: string): string {
  return qualifier === "$LATEST" || /^\d+$/.test(qualifier) ? qualifier : "$LATEST";
}

/** arn:aws:lambda:REGION:ACCOUNT:function:NAME:VERSION/durable-execution/EXEC_NAME/EXEC_ID */
export function executionArn(ctx: ArnContext, name: string, version: string, executionName: string, executionId: string): string {
  return `${functionArn(ctx, name, version)}/durable-execution/${executionName}/${executionId}`;
}

/** The execution id is the ARN's last path part; undefined when the ARN is not an execution ARN. */
export function executionIdFromArn(arn: string): string | undefined {
  const match = /\/durable-execution\/[^/]+\/([^/]+)$/.exec(arn);
  return match?.[1];
}

/** Splits `name`, `name:qualifier`, or a (partial) function ARN into name and qualifier. */
export function parseFunctionName(input: string): { name: string; qualifier?: string } {
  const parts = input.split(":");
  if (parts[0] === "arn" && parts.length >= 7) {
    return { name: parts[6] ?? "", qualifier: parts[7] };
  }
  if (parts.length >= 3 && parts[1] === "function") {
    return { name: parts[2] ?? "", qualifier: parts[3] };
  }
  return { name: parts[0] ?? "", qualifier: parts[1] };
}
