import path from "node:path";

/** Where the embedded database and generated secrets live. Two copies side by side use two folders. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.VPCLAB_DATA_DIR ?? ".data");
}

export function port(): number {
  return Number(process.env.PORT ?? 3000);
}

/** The URL the server itself is reachable at (for the console's own calls to the sandbox). */
export function selfUrl(): string {
  return process.env.VPCLAB_SELF_URL ?? `http://127.0.0.1:${port()}`;
}
