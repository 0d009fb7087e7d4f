/**
 * Powertools Tracer for the functions that can afford it (see README, "Traces"): the AWS
 * SDK clients captured as X-Ray subsegments, a `## handler` subsegment per invocation,
 * and the order id as an annotation, so that `annotation.orderId = "<id>"` finds it.
 *
 * The Tracer (and the X-Ray SDK under it) is required only when Lambda runs the function
 * with active tracing (AWS_XRAY_DAEMON_ADDRESS is set). Locally there is no X-Ray daemon:
 * nothing is loaded and every call here does nothing.
 */
import type { Tracer } from "@aws-lambda-powertools/tracer";
import type { Context } from "aws-lambda";

let tracer: Tracer | null | undefined;

/** True where a daemon receives segments: in Lambda with `Tracing: Active` (POWERTOOLS_TRACE_ENABLED=false still turns the Tracer off). */
export function tracingAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_XRAY_DAEMON_ADDRESS);
}

function processTracer(serviceName: string): Tracer | null {
  if (tracer === undefined) {
    // A require, not an import: the X-Ray SDK is evaluated only where it will be used.
    tracer = tracingAvailable() ? new (require("@aws-lambda-powertools/tracer") as typeof import("@aws-lambda-powertools/tracer")).Tracer({ serviceName, captureHTTPsRequests: false }) : null;
  }
  return tracer;
}

/** For setClientInstrumentation: captures an AWS SDK v3 client when tracing is on. */
export function tracedClients(serviceName: string) {
  return <TClient>(client: TClient): TClient => processTracer(serviceName)?.captureAWSv3Client(client) ?? client;
}

/** Wraps a Lambda handler in a `## handler` subsegment with the cold-start and service annotations. */
export function traced<TEvent, TResult>(serviceName: string, handler: (event: TEvent, context?: Context) => Promise<TResult>) {
  return async (event: TEvent, context?: Context): Promise<TResult> => {
    const active = processTracer(serviceName);
    const segment = active?.getSegment();
    if (!active || !segment) return handler(event, context);
    const subsegment = segment.addNewSubsegment("## handler");
    active.setSegment(subsegment);
    active.annotateColdStart();
    active.addServiceNameAnnotation();
    try {
      return await handler(event, context);
    } catch (error) {
      if (error instanceof Error) active.addErrorAsMetadata(error);
      throw error;
    } finally {
      subsegment.close();
      active.setSegment(segment);
    }
  };
}

/** The annotation one trace search finds an order by. */
export function annotateOrder(orderId: string): void {
  tracer?.putAnnotation("orderId", orderId);
}
