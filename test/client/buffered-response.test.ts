import { describe, expect, it } from "vitest";
import { bufferResponse, responseText } from "../../src/client/buffered-response.js";

const TEXT = '{"first_name":"José","last_name":"山田 🚀"}';

/** A 200 whose body arrives in chunks cut inside multi-byte characters. */
function chunkedResponse(status = 200): Response {
  const bytes = Buffer.from(TEXT, "utf8");
  const cuts = [0, bytes.indexOf(0xa9), bytes.indexOf(0xe5) + 1, bytes.length - 2, bytes.length];
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i + 1 < cuts.length; i++)
        controller.enqueue(bytes.subarray(cuts[i], cuts[i + 1]));
      controller.close();
    },
  });
  return new Response(body, { status, headers: { "content-type": "application/json" } });
}

describe("responseText", () => {
  it("decodes a read 2xx from its bytes, characters cut across chunks included", async () => {
    const { response } = await bufferResponse(chunkedResponse(), "secret", false);
    expect(await responseText(response)).toBe(TEXT);
    // The body stream is still there for any other reader.
    expect(await response.text()).toBe(TEXT);
  });

  it("reads the body of a response the client did not buffer", async () => {
    expect(await responseText(chunkedResponse())).toBe(TEXT);
  });

  it("reads an error body (kept as redacted text, not bytes)", async () => {
    const { response } = await bufferResponse(
      new Response('{"message":"bad key secret"}', { status: 401 }),
      "secret",
      false,
    );
    expect(await responseText(response)).not.toContain("secret");
  });
});
