/**
 * What students did in their Instance Connect terminals: sessions opened and commands run, with
 * what each printed and its exit status. The labs read it as evidence that a step was done by the
 * student ("you ran `ping -c 4 10.2.0.4` at 14:02: 0% loss"). One state document per account and
 * region (persisted, so a restart keeps it); the newest MAX_ENTRIES are kept.
 */
import { peekState, runOnState } from "@/lib/sandbox/core/state-store";

export const TERMINAL_JOURNAL_SERVICE = "ec2-terminal-journal";
export const MAX_ENTRIES = 200;
/** Output kept per command: enough for ping's statistics or aws's error. */
const MAX_OUTPUT_CHARS = 4_000;

export type JournalEntry =
  | { kind: "session-opened"; instanceId: string; at: number }
  /** Instance Connect refused, with the console's message ("No public IPv4 address …"). */
  | { kind: "session-refused"; instanceId: string; at: number; message: string }
  | { kind: "command"; instanceId: string; at: number; command: string; output: string; exitCode: number };

interface JournalState {
  entries: JournalEntry[];
}

function access(accountId: string, region: string) {
  return { accountId, service: TERMINAL_JOURNAL_SERVICE, region, action: "TerminalJournal", mutates: true, initialState: (): JournalState => ({ entries: [] }) };
}

/** The tail of long output: ping and aws print their verdict last. */
function kept(output: string): string {
  return output.length <= MAX_OUTPUT_CHARS ? output : output.slice(-MAX_OUTPUT_CHARS);
}

export async function recordJournalEntry(accountId: string, region: string, entry: JournalEntry): Promise<void> {
  const stored = entry.kind === "command" ? { ...entry, output: kept(entry.output) } : entry;
  await runOnState(access(accountId, region), (state: JournalState) => {
    state.entries.push(stored);
    if (state.entries.length > MAX_ENTRIES) state.entries.splice(0, state.entries.length - MAX_ENTRIES);
  });
}

/** Oldest first; empty when the account never opened a terminal. */
export async function readJournal(accountId: string, region: string): Promise<JournalEntry[]> {
  const state = (await peekState(accountId, TERMINAL_JOURNAL_SERVICE, region)) as JournalState | null;
  return state ? [...state.entries] : [];
}
