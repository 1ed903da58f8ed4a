export type { OpenSessionResult, OutputChunk, RefusalReason, SessionEvent, SessionOptions } from "./terminal-session";
export { closeAllSessions, findSession, openInstanceConnectSession, TerminalSession } from "./terminal-session";
export type { JournalEntry } from "./journal";
export { readJournal } from "./journal";
