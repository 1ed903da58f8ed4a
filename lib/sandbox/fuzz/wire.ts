/**
 * The fuzzer's side of the wire: requests as raw HTTP (so a mutated request goes out exactly as
 * made), signed by the AWS SDK's own SigV4 signer when they are to be signed.
 */
import crypto from "node:crypto";
import http from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

/** A request as it goes on the wire; `path` holds the raw query string. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** How a request ended: an answer, no answer within the timeout, or a connection that broke. */
export type Outcome = { kind: "response"; response: RawResponse } | { kind: "hang" } | { kind: "dropped"; error: string };

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** The signer's hash constructor over node:crypto. */
export class NodeSha256 {
  private hash: crypto.Hash | crypto.Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  private create() {
    return this.secret === undefined ? crypto.createHash("sha256") : crypto.createHmac("sha256", bytesOf(this.secret));
  }
  update(data: SourceData) {
    this.hash.update(bytesOf(data));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {
    this.hash = this.create();
  }
}

export interface SigningOptions {
  service: string;
  region: string;
  credentials: Credentials;
  signingDate?: Date;
}

function splitPath(path: string): { pathname: string; query: Record<string, string | string[]> } {
  const mark = path.indexOf("?");
  if (mark < 0) return { pathname: path, query: {} };
  const query: Record<string, string | string[]> = {};
  for (const part of path.slice(mark + 1).split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeLenient(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeLenient(part.slice(eq + 1));
    const existing = query[name];
    query[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return { pathname: path.slice(0, mark), query };
}

function decodeLenient(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Signs `request` with SigV4 as the SDKs do (x-amz-content-sha256 included). The signer is given
 * the decoded query, so a request whose raw query does not decode is signed over its best reading:
 * the server then answers SignatureDoesNotMatch, which is a fine answer too.
 */
export async function signRequest(request: RawRequest, host: string, options: SigningOptions): Promise<RawRequest> {
  const signer = new SignatureV4({
    service: options.service,
    region: options.region,
    credentials: options.credentials,
    sha256: NodeSha256,
    uriEscapePath: options.service !== "s3",
  });
  const { pathname, query } = splitPath(request.path);
  const signed = await signer.sign(
    { method: request.method, protocol: "http:", hostname: host.replace(/:\d+$/, ""), path: pathname, query, headers: { ...request.headers, host }, body: request.body },
    { signingDate: options.signingDate ?? new Date() },
  );
  return { ...request, headers: signed.headers as Record<string, string> };
}

/** Sends one request over `agent` to the loopback port; never rejects. */
export function sendRaw(port: number, agent: http.Agent, request: RawRequest, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const req = http.request({ host: "127.0.0.1", port, method: request.method, path: request.path, headers: request.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => finish({ kind: "response", response: { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) } }));
      res.on("error", (error) => finish({ kind: "dropped", error: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ kind: "hang" });
      req.destroy();
    }, timeoutMs);
    req.on("error", (error) => finish({ kind: "dropped", error: error.message }));
    req.end(request.body);
  });
}
