/** What a terminal session streams: numbered output chunks, then its end. */
export interface OutputChunk {
  seq: number;
  data: string;
}

export interface SessionEvent {
  kind: "output" | "closed";
  chunk?: OutputChunk;
  exitCode?: number;
  /** The app process running the shell stopped: the session ended without an exit status. */
  lost?: true;
}

/**
 * A terminal as the console's routes use it, whichever process runs its shell: output from a
 * sequence number on, followed live; keys typed; hang-up.
 */
export interface TerminalEndpoint {
  readonly id: string;
  /** Sends the chunks after `afterSeq`, then each new one, then "closed"; returns the unsubscribe. */
  follow(afterSeq: number, listener: (event: SessionEvent) => void): () => void;
  input(data: string): void | Promise<void>;
  close(): void | Promise<void>;
}
