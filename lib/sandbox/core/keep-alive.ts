/**
 * Keep-alive connections that a client may reuse are never reset under it.
 *
 * Node closes an idle keep-alive connection from a timer, and after a long turn of the event loop
 * (a burst of a class's calls held it 2 s and more) libuv runs expired timers before it reads the
 * sockets again: a request a client sent in time, on a connection the server had announced as
 * open (`Keep-Alive: timeout=65`), was still in the kernel's buffer when the timer destroyed the
 * socket, and the client got ECONNRESET or "socket hang up". AWS's endpoints never fail an SDK's
 * call that way. Here an idle timeout closes the connection only after the sockets have been read
 * once more, and only if nothing arrived on it.
 */
import type http from "node:http";
import type { Socket } from "node:net";

/** Longer than any SDK's idle time for a pooled connection (the AWS SDKs and Node's agent take the announced one). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

type ServerSocket = Socket & { _httpMessage?: unknown };

function closeIfStillIdle(socket: ServerSocket): void {
  const bytesRead = socket.bytesRead;
  // setImmediate runs after the loop's poll phase, which reads what arrived during the long turn.
  setImmediate(() => {
    if (socket.bytesRead === bytesRead && !socket._httpMessage) socket.destroy();
  });
}

/**
 * Sets the server's keep-alive timeout and takes over closing idle connections. The server sets no
 * other socket timeout (`server.timeout` is 0), so a 'timeout' here is always an idle one.
 */
export function keepConnectionsAliveSafely(server: http.Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on("timeout", closeIfStillIdle);
}
