/**
 * Puts a load run around a student's SDK clients: each call waits for its slot in the student's
 * pace, then is timed on the wire (the HTTP exchange and the answer's parsing, not the client's
 * signing), its failure counted, and a change it makes expected on the student's live stream.
 */
import type { LiveStream } from "./live-stream";
import type { Pacer } from "./pace";
import type { LoadRecorder } from "./recorder";

type Handler = (args: unknown) => Promise<{ output: unknown }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;
interface Stack {
  add(middleware: Middleware, options: { step: string; name: string; priority: string }): void;
}

/** The calls that only read: they change nothing, so no change event follows them. */
const READS = /^(Describe|Get|List|Head)/;

/** The operation's name, as AWS and the sandbox's change events name it (CreateVpcCommand -> CreateVpc). */
export function operationOf(commandName: string | undefined): string {
  return (commandName ?? "Unknown").replace(/Command$/, "");
}

interface AwsFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** 4xx AWS answers are part of a lab's flow (waiters, idempotent retries); 5xx and no answer at all are failures. */
function isAwsClientError(error: AwsFailure): boolean {
  const status = error.$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
}

function timing(recorder: LoadRecorder, stream: LiveStream): Middleware {
  return (next, context) => async (args) => {
    const kind = operationOf(context.commandName);
    const expected = READS.test(kind) ? undefined : stream.expect(kind);
    const started = performance.now();
    try {
      const result = await next(args);
      recorder.record(kind, performance.now() - started);
      expected?.answered();
      return result;
    } catch (error) {
      expected?.cancel();
      const failure = error as AwsFailure;
      if (isAwsClientError(failure)) recorder.handled(kind, failure.name ?? "Unknown");
      else recorder.fail(kind, failure.name ?? "Error", failure.message ?? String(error));
      throw error;
    }
  };
}

function pacing(pacer: Pacer): Middleware {
  return (next) => async (args) => {
    await pacer.wait();
    return next(args);
  };
}

/** Paces and measures every call of these SDK clients. */
export function instrumentClients(clients: Array<{ middlewareStack: unknown }>, pacer: Pacer, recorder: LoadRecorder, stream: LiveStream): void {
  for (const client of clients) {
    const stack = client.middlewareStack as unknown as Stack;
    stack.add(pacing(pacer), { step: "initialize", name: "loadPacing", priority: "high" });
    stack.add(timing(recorder, stream), { step: "deserialize", name: "loadTiming", priority: "high" });
  }
}
