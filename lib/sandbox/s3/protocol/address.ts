/**
 * Where an S3 request points: the bucket and key, from the raw path (path-style) or from the
 * Host (virtual-hosted style).
 *
 * Path-style is what the sandbox's clients use: `http://localhost:3000/aws/<bucket>/<key>` (the
 * CLI with `--endpoint-url http://localhost:3000/aws`, the SDK with `forcePathStyle: true`).
 *
 * Virtual-hosted style: a Host of `<bucket>.s3.localhost[:port]` names the bucket (`*.localhost`
 * resolves to loopback in browsers and curl; Node's resolver needs a lookup that says so, see
 * virtual-host.test.ts). The SDK builds such URLs from the endpoint
 * `http://s3.localhost:3000/aws` without forcePathStyle; a browser or curl may leave the `/aws`
 * out. So on such a host the path is the key, after an optional `/aws` prefix — which means a key
 * that itself begins with "aws/" must be sent with the prefix (`/aws/aws/…`) on a bucket host.
 */
import { invalidUri } from "@/lib/sandbox/s3/model/errors";

export const SANDBOX_PREFIX = "/aws";
const VIRTUAL_HOST_SUFFIX = ".s3.localhost";

export interface S3Address {
  bucket?: string;
  key: string;
}

/** The bucket named by a virtual-hosted Host header, or undefined for any other host. */
export function virtualHostBucket(host: string | undefined): string | undefined {
  if (!host) return undefined;
  const name = host.toLowerCase().replace(/:\d+$/, "");
  if (!name.endsWith(VIRTUAL_HOST_SUFFIX)) return undefined;
  const bucket = name.slice(0, -VIRTUAL_HOST_SUFFIX.length);
  return bucket === "" ? undefined : bucket;
}

/** Percent-decodes once, as S3 does; "+" stays "+" in a path. Postgres text cannot hold NUL. */
function decodeOnce(raw: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalidUri();
  }
  if (decoded.includes("\u0000")) throw invalidUri();
  return decoded;
}

/** Strips the sandbox's `/aws` prefix from a raw path: "/aws/b/k" -> "/b/k", "/aws" -> "/". */
export function withoutPrefix(rawPath: string): string {
  if (rawPath === SANDBOX_PREFIX) return "/";
  return rawPath.startsWith(`${SANDBOX_PREFIX}/`) ? rawPath.slice(SANDBOX_PREFIX.length) : rawPath;
}

/** The bucket and key of a request, from its raw path and Host. */
export function s3AddressOf(rawPath: string, host: string | undefined): S3Address {
  const path = withoutPrefix(rawPath);
  const hostBucket = virtualHostBucket(host);
  if (hostBucket !== undefined) return { bucket: hostBucket, key: decodeOnce(path.slice(1)) };
  const rest = path.slice(1);
  if (rest === "") return { key: "" };
  const slash = rest.indexOf("/");
  const bucket = decodeOnce(slash < 0 ? rest : rest.slice(0, slash));
  const key = slash < 0 ? "" : decodeOnce(rest.slice(slash + 1));
  if (bucket === "") throw invalidUri();
  return { bucket, key };
}
