// Errors are built from a Response alone (contract of apiErrorFromResponse), but a Response does not
// know its method; the transport records it here instead of keeping the Request (and its key) around.
const origins = new WeakMap<Response, string>();

/** Records which request (method and path, never headers) produced a response. */
export function recordResponseOrigin(response: Response, method: string, url: string): void {
  origins.set(response, `${method} ${new URL(url).pathname}`);
}

/** "POST /api/v2/leads/add" for a response the transport returned, else the path of its URL if any. */
export function responseOrigin(response: Response): string | undefined {
  return origins.get(response) ?? (response.url ? new URL(response.url).pathname : undefined);
}
