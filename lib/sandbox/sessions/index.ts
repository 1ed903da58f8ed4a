export type { OpenSessionResult, OutputChunk, RefusalReason, SessionEvent, SessionOptions, TerminalEndpoint } from "./terminal-session";
export { closeAllSessions, findSession, findTerminal, openInstanceConnectSession, TerminalSession } from "./terminal-session";
export type { JournalEntry } from "./journal";
export { readJournal } from "./journal";
