/**
 * One operation's story, event by event: what went in, what came out, each error
 * with its retry decision — payloads pretty-printed and cut at a readable size.
 */
import type { ErrorObject, Event } from "@aws-sdk/client-lambda";
import { displayPayload, displayValue } from "../payload";
import { detailsOf, type Timeline, type TimelineOperation } from "../timeline";
import { duration, html, payloadBlock, statusBadge, type Html } from "./html";

interface PayloadField {
  Payload?: unknown;
  Truncated?: boolean;
}

export function operationDetail(operation: TimelineOperation, timeline: Timeline): Html {
  const offset = (at: Date | undefined) => (at ? `+${duration(at.getTime() - timeline.startMs)}` : "");
  return html`<div class="detail-head">
  <h3>${operation.name} ${statusBadge(operation.state)}</h3>
  <button type="button" class="close" data-close-detail aria-label="Close">×</button>
</div>
<dl class="facts">
  <dt>Type</dt><dd>${operation.kind}${operation.subType ? ` / ${operation.subType}` : ""}</dd>
  <dt>Operation id</dt><dd><code>${operation.id}</code></dd>
  ${operation.parentId ? html`<dt>Parent</dt><dd><code>${operation.parentId}</code></dd>` : ""}
  <dt>Started</dt><dd>+${duration(operation.startMs - timeline.startMs)}</dd>
  <dt>Duration</dt><dd>${operation.endMs === undefined ? "still open" : duration(operation.endMs - operation.startMs)}</dd>
  ${operation.attempts > 1 ? html`<dt>${operation.kind === "Execution" ? "Invocations" : "Attempts"}</dt><dd>${operation.attempts}</dd>` : ""}
</dl>
<ol class="events">
${operation.events.map((event) => html`<li>
  <div class="event-head"><code>${event.EventType}</code> <span class="note">${offset(event.EventTimestamp)}</span> ${eventFacts(event)}</div>
  ${eventPayloads(event)}
</li>`)}
</ol>`;
}

function eventFacts(event: Event): Html {
  const details = detailsOf(event) ?? {};
  const facts: string[] = [];
  const retry = details.RetryDetails as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number } | undefined;
  if (retry?.CurrentAttempt !== undefined) facts.push(`attempt ${retry.CurrentAttempt}`);
  if (retry?.NextAttemptDelaySeconds !== undefined) facts.push(`next attempt in ${retry.NextAttemptDelaySeconds} s`);
  if (typeof details.CallbackId === "string") facts.push(`callback id ${details.CallbackId}`);
  if (typeof details.Timeout === "number") facts.push(`timeout ${details.Timeout} s`);
  if (typeof details.Duration === "number") facts.push(`${details.Duration} s`);
  if (details.ScheduledEndTimestamp instanceof Date) facts.push(`until ${details.ScheduledEndTimestamp.toISOString()}`);
  if (typeof details.FunctionName === "string") facts.push(`→ ${details.FunctionName}`);
  if (typeof details.RequestId === "string") facts.push(`request ${details.RequestId}`);
  if (details.StartTimestamp instanceof Date && details.EndTimestamp instanceof Date) {
    facts.push(`ran ${duration(details.EndTimestamp.getTime() - details.StartTimestamp.getTime())}`);
  }
  return facts.length === 0 ? html`` : html`<span class="note">${facts.join(" · ")}</span>`;
}

function eventPayloads(event: Event): Html {
  const details = detailsOf(event) ?? {};
  const blocks: Html[] = [];
  const input = details.Input as PayloadField | undefined;
  const result = details.Result as PayloadField | undefined;
  const error = details.Error as PayloadField | undefined;
  if (typeof input?.Payload === "string") blocks.push(payloadBlock("Input", displayPayload(input.Payload, { truncatedByService: input.Truncated === true })));
  if (typeof result?.Payload === "string") blocks.push(payloadBlock("Result", displayPayload(result.Payload, { truncatedByService: result.Truncated === true })));
  const errorObject = error?.Payload as ErrorObject | undefined;
  if (errorObject && Object.keys(errorObject).length > 0) blocks.push(payloadBlock("Error", displayValue(errorObject)));
  return html`${blocks}`;
}
