// What an upload hands a store: one object's content, opened anew for each try. Kept apart from
// the upload loop so that the stores and the loop do not import each other.

export type Body = AsyncIterable<Buffer> | Iterable<Buffer>;

/** One object to upload. */
export interface Target {
  /** the object's content, opened anew for each try */
  open: () => Promise<Body>;
  /** the file it is (a local store copies it in the kernel) */
  file?: string;
  /** the name whose extension gives a bucket object's Content-Type (a file's, latest-build.txt); none: sniffed */
  typedBy?: string;
}

/** Where objects go. */
export interface Store {
  /** the full address of an object, for logs */
  where(dest: string): string;
  put(dest: string, target: Target, signal?: AbortSignal): Promise<void>;
}
