/**
 * A hook through which a function's entry point instruments the AWS SDK clients the
 * adapters create (the API captures them for X-Ray). Adapters stay free of any tracing
 * library, so a bundle that does not trace carries none.
 */
type Instrument = <TClient>(client: TClient) => TClient;

let instrument: Instrument = (client) => client;

export function setClientInstrumentation(replacement: Instrument): void {
  instrument = replacement;
}

/** Every SDK client an adapter creates goes through this. */
export function instrumentClient<TClient>(client: TClient): TClient {
  return instrument(client);
}
