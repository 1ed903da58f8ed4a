/**
 * The live class board: server-sent events carrying the whole board each time one of its students
 * changes (a step, a check, a hint, a test) or the class does (a join, a removal, its settings).
 * Changes close together are sent once, at most every BOARD_BATCH_MS. Streams count against the
 * instructor's live-update slots (lib/streams), like the console's.
 */
import { liveStreamSlots, MAX_LIVE_STREAMS_PER_USER } from "@/lib/streams/stream-slots";
import { type Board, loadBoard } from "./board";
import { type ClassRow, findClass } from "./classes";
import { onClassroomChange } from "./events";

export const BOARD_BATCH_MS = 150;
const HEARTBEAT_MS = 15_000;
const REPLACED = `Live updates stopped in this tab: at most ${MAX_LIVE_STREAMS_PER_USER} tabs get them at once. Reload to take them back.`;

/** Sends the board again when a change concerns it; one load at a time, changes during one load make one more. */
function boardSender(klass: ClassRow, send: (board: Board) => void) {
  let students = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let loading = false;
  let again = false;
  const load = async () => {
    timer = undefined;
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    try {
      const board = await loadBoard((await findClass(klass.id)) ?? klass);
      students = new Set(board.rows.map((row) => row.studentId));
      send(board);
    } finally {
      loading = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    timer ??= setTimeout(() => void load().catch((error: unknown) => console.error("class board failed", error)), BOARD_BATCH_MS);
  };
  return {
    concerns: (change: { userId: string; classId?: string }) => change.classId === klass.id || (!change.classId && students.has(change.userId)),
    schedule,
    loadNow: load,
    stop: () => clearTimeout(timer),
  };
}

export function boardEventStream(userId: string, klass: ClassRow, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let stopped = false;
      const send = (text: string) => {
        if (!stopped) controller.enqueue(encoder.encode(text));
      };
      const sender = boardSender(klass, (board) => send(`event: board\ndata: ${JSON.stringify(board)}\n\n`));
      send(`retry: 1000\n\n`);
      void sender.loadNow().catch((error: unknown) => console.error("class board failed", error));
      const unsubscribe = onClassroomChange((change) => {
        if (sender.concerns(change)) sender.schedule();
      });
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      let releaseSlot = () => {};
      stop = () => {
        if (stopped) return;
        stopped = true;
        clearInterval(heartbeat);
        sender.stop();
        unsubscribe();
        releaseSlot();
      };
      releaseSlot = liveStreamSlots().admit(userId, () => {
        send(`event: replaced\ndata: ${JSON.stringify({ message: REPLACED })}\n\n`);
        stop();
        controller.close();
      });
      signal.addEventListener("abort", () => {
        if (stopped) return;
        stop();
        controller.close();
      });
    },
    cancel() {
      stop();
    },
  });
}
