/** Where a blob's bytes live; the blob's row (s3_blobs, blobs.ts) says whether anything may read them. */
export interface BlobSink {
  /**
   * Appends the bytes of `pieces`, in order (the request's own buffers, never copied into one);
   * every call but the last carries exactly the backend's pieceBytes.
   */
  write(pieces: Buffer[]): Promise<void>;
  /** Makes the bytes readable under the blob's id. */
  finish(): Promise<void>;
  /** Gives up: what was written goes. */
  abort(): Promise<void>;
}

export interface BlobBackend {
  /** Bytes handed to write() at a time. */
  readonly pieceBytes: number;
  create(blobId: string): Promise<BlobSink>;
  /** The bytes from `start` to `end`, inclusive, in pieces. */
  read(blobId: string, start: number, end: number): AsyncGenerator<Buffer>;
  /** Removes the bytes (the row goes afterwards); nothing when they are gone already. */
  remove(blobId: string): Promise<void>;
  /** Blob ids with bytes stored apart from the database, which a row may no longer name (files only). */
  storedIds?(): AsyncGenerator<string[]>;
}
