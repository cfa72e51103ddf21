import type { IncomingMessage, ServerResponse } from "node:http";
import type { Reply } from "./replies.js";

/** One request and its response, aware of the client hanging up before it is answered. */
export class Exchange {
  readonly #request: IncomingMessage;
  readonly #response: ServerResponse;
  #gone = false;

  constructor(request: IncomingMessage, response: ServerResponse) {
    this.#request = request;
    this.#response = response;
    response.once("close", () => {
      this.#gone = true;
    });
  }

  /** Whether the connection closed before an answer was written. */
  get gone(): boolean {
    return this.#gone && !this.#response.writableEnded;
  }

  /** The whole request body as text. */
  async readBody(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.#request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  }

  /** Waits `ms`; true if the client is still there, false as soon as it hangs up. */
  wait(ms: number): Promise<boolean> {
    if (this.gone) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onClose = (): void => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.#response.off("close", onClose);
        resolve(true);
      }, ms);
      this.#response.once("close", onClose);
    });
  }

  /** Writes the answer. */
  send(reply: Reply): void {
    this.#response.writeHead(reply.status, {
      "content-type": reply.contentType,
      ...reply.headers,
    });
    this.#response.end(reply.body);
  }

  /** Drops the connection with a TCP reset instead of answering. */
  reset(): void {
    this.#request.socket.resetAndDestroy();
  }
}
