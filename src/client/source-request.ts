/**
 * The Request class the client gives openapi-fetch. openapi-fetch serializes a JSON body to a
 * string and builds a Request from it; a plain Request would measure that string, and the transport
 * would then read it back through a stream to get bytes it can send again on a retry. This one
 * keeps the string aside, so the transport encodes it once (about 1 ms less per 1000-lead body),
 * and bytes given as the body (importLeads serializes each batch ahead) are sent as they are.
 */
export class SourceRequest extends Request {
  readonly source: string | Uint8Array | undefined;

  constructor(input: ConstructorParameters<typeof Request>[0], init?: RequestInit) {
    const body = init?.body;
    const source = typeof body === "string" || body instanceof Uint8Array ? body : undefined;
    super(input, source === undefined ? init : { ...init, body: null });
    this.source = source;
  }
}

/** The body of a request as bytes, read once: every attempt is built from them. */
export async function requestBytes(request: Request): Promise<Uint8Array | null> {
  if (request instanceof SourceRequest && request.source !== undefined) {
    const { source } = request;
    return typeof source === "string" ? Buffer.from(source, "utf8") : source;
  }
  return request.body === null ? null : new Uint8Array(await request.arrayBuffer());
}
