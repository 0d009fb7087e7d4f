/**
 * A child process serving the transaction tables from a data folder until it is killed,
 * for the crash-safety test. Usage: node --import tsx dynamo-child.ts <data-dir>
 * Prints "listening <port>" once it answers.
 */
import { startLocalDynamo } from "../../../src/local/dynamodb";
import { transactionTemplate } from "./transaction-tables";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: dynamo-child.ts <data-dir>");
startLocalDynamo({ port: 0, dataDir, template: transactionTemplate() }).then(
  (dynamo) => process.stdout.write(`listening ${dynamo.port}\n`),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
