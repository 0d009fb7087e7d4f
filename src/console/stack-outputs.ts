/**
 * A deployed stack as a console target: the table and function names come from the
 * stack's outputs (template.yaml `Outputs`), read with the caller's credentials.
 */
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { awsConsoleTarget, type ConsoleTarget } from "./target";

/** The outputs the console needs, by what it uses them for. */
export const CONSOLE_OUTPUTS = {
  ordersTable: "OrdersTableName",
  workflowFunction: "OrderWorkflowFunctionName",
} as const;

/** The stack cannot be read, or lacks an output the console needs. */
export class StackOutputsError extends Error {
  override readonly name = "StackOutputsError";
}

/** The slice of CloudFormationClient used here. */
export interface StackDescriber {
  send(command: DescribeStacksCommand): Promise<{ Stacks?: Array<{ StackStatus?: string; Outputs?: Array<{ OutputKey?: string; OutputValue?: string }> }> }>;
  destroy?(): void;
}

export interface StackTargetOptions {
  stackName: string;
  region: string;
  profile?: string;
  /** Default: a CloudFormation client for the region. */
  cloudFormation?: StackDescriber;
}

export async function consoleTargetForStack(options: StackTargetOptions): Promise<ConsoleTarget> {
  const client: StackDescriber =
    options.cloudFormation ?? new CloudFormationClient({ region: options.region, ...(options.profile ? { profile: options.profile } : {}) });
  let outputs: Map<string, string>;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: options.stackName }));
    const stack = Stacks?.[0];
    if (!stack) throw new StackOutputsError(`stack ${options.stackName} was not found in ${options.region}`);
    outputs = new Map((stack.Outputs ?? []).flatMap(({ OutputKey, OutputValue }) => (OutputKey && OutputValue ? [[OutputKey, OutputValue] as const] : [])));
  } catch (error) {
    if (error instanceof StackOutputsError) throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new StackOutputsError(`cannot describe stack ${options.stackName} in ${options.region}: ${reason}`, { cause: error });
  } finally {
    if (!options.cloudFormation) client.destroy?.();
  }

  const missing = Object.values(CONSOLE_OUTPUTS).filter((key) => !outputs.has(key));
  if (missing.length > 0) {
    throw new StackOutputsError(`stack ${options.stackName} has no output ${missing.join(", ")}: is it a stack of this template (template.yaml)?`);
  }
  return awsConsoleTarget({
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
    ordersTable: outputs.get(CONSOLE_OUTPUTS.ordersTable)!,
    workflowFunction: outputs.get(CONSOLE_OUTPUTS.workflowFunction)!,
    label: `stack ${options.stackName} · ${options.region}`,
  });
}
