/**
 * The live class board: server-sent events carrying the whole board each time one of its students
 * changes (a step, a check, a hint, a test) or the class does (a join, a removal, its settings).
 * Changes close together are sent once, at most every BOARD_BATCH_MS. Streams count against the
 * instructor's live-update slots (lib/streams), like the console's.
 */
import { sseStream } from "@/lib/streams/sse";
import { liveStreamSlots, MAX_LIVE_STREAMS_PER_USER } from "@/lib/streams/stream-slots";
import { type Board, loadBoard } from "./board";
import { type ClassRow, findClass } from "./classes";
import { onClassroomChange } from "./events";

export const BOARD_BATCH_MS = 150;
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
  const slot = { slots: liveStreamSlots(), key: userId, replacedMessage: REPLACED };
  return sseStream({ signal, retryMs: 1000, slot }, (channel) => {
    const sender = boardSender(klass, (board) => channel.send("board", board));
    void sender.loadNow().catch((error: unknown) => console.error("class board failed", error));
    const unsubscribe = onClassroomChange((change) => {
      if (sender.concerns(change)) sender.schedule();
    });
    channel.onClose(() => {
      sender.stop();
      unsubscribe();
    });
  });
}
