"use client";

import { answered } from "@/lib/action-pipeline/result";
import { PinButton } from "@/components/writeup/pin-button";
import { pinTerminalOutputAction } from "@/lib/actions/pin-moment";
import type { LabId } from "@/lib/labs/steps";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef, useState } from "react";
import { openTerminalAction, type OpenTerminalResult } from "@/lib/actions/open-terminal";

type Status =
  | { kind: "connecting" }
  | { kind: "failed"; title: string; message: string }
  | { kind: "external"; url: string }
  | { kind: "open"; sessionId: string }
  | { kind: "ended"; exitCode?: number; lost?: "server-stopped" | "connection" };

/** Why a session ended, in the student's words. */
function endedMessage(status: Extract<Status, { kind: "ended" }>): string {
  if (status.lost === "server-stopped") return "The session ended: the server running this terminal stopped.";
  if (status.lost === "connection") return "The connection to this terminal was lost.";
  return `The session ended${status.exitCode === undefined ? "" : ` (exit ${status.exitCode})`}.`;
}

const REFUSAL_TITLE = "Failed to connect to your instance";

function statusOf(result: OpenTerminalResult): Status {
  if (result.kind === "session") return { kind: "open", sessionId: result.sessionId };
  if (result.kind === "external") return { kind: "external", url: result.url };
  return { kind: "failed", title: REFUSAL_TITLE, message: result.message };
}

/** The terminal route takes at most 4096 characters a request; a pasted block goes in pieces, never splitting a character. */
const MAX_BATCH = 4096;

function batchEnd(text: string): number {
  if (text.length <= MAX_BATCH) return text.length;
  const lastUnit = text.charCodeAt(MAX_BATCH - 1);
  return lastUnit >= 0xd800 && lastUnit <= 0xdbff ? MAX_BATCH - 1 : MAX_BATCH;
}

/**
 * Sends keystrokes in the order they were typed: one request at a time, with whatever was typed
 * meanwhile batched into the next. (A request per key raced, and fast typing arrived shuffled.)
 */
function keySender(url: string): (data: string) => void {
  let pending = "";
  let sending = false;
  const flush = async () => {
    if (sending) return;
    sending = true;
    while (pending) {
      const data = pending.slice(0, batchEnd(pending));
      pending = pending.slice(data.length);
      await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ data }) }).catch(() => undefined);
    }
    sending = false;
  };
  return (data) => {
    pending += data;
    void flush();
  };
}

/** The terminal itself: xterm.js, output streamed from the session, keys posted back. */
function SessionScreen({ sessionId, onEnded, fontSize }: { sessionId: string; onEnded: (ended: Extract<Status, { kind: "ended" }>) => void; fontSize: number }) {
  const host = useRef<HTMLDivElement>(null);
  const ended = useRef(onEnded);
  const initialFontSize = useRef(fontSize);
  const screen = useRef<{ setFontSize(size: number): void }>(undefined);
  useEffect(() => {
    ended.current = onEnded;
  });
  // A new size on a projector: the same session, larger type, the columns fitted again.
  useEffect(() => {
    screen.current?.setFontSize(fontSize);
  }, [fontSize]);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]).then(([{ Terminal }, { FitAddon }]) => {
      if (disposed || !host.current) return;
      const terminal = new Terminal({ cursorBlink: true, fontSize: initialFontSize.current, fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", theme: { background: "#0b1220" } });
      const fit = new FitAddon();
      terminal.loadAddon(fit);
      terminal.open(host.current);
      fit.fit();
      terminal.focus();
      const typed = terminal.onData(keySender(`/api/terminal/${sessionId}`));
      const events = new EventSource(`/api/terminal/${sessionId}`);
      events.addEventListener("output", (event) => terminal.write(JSON.parse((event as MessageEvent).data).data));
      events.addEventListener("replaced", (event) => {
        events.close();
        terminal.write(`\r\n[${JSON.parse((event as MessageEvent).data).message}]\r\n`);
      });
      events.addEventListener("closed", (event) => {
        events.close();
        const { exitCode, lost } = JSON.parse((event as MessageEvent).data) as { exitCode?: number; lost?: true };
        ended.current({ kind: "ended", exitCode, lost: lost ? "server-stopped" : undefined });
      });
      // EventSource retries a dropped connection itself; it gives up only when the session is gone (404).
      events.addEventListener("error", () => {
        if (events.readyState === EventSource.CLOSED) ended.current({ kind: "ended", lost: "connection" });
      });
      const resize = new ResizeObserver(() => fit.fit());
      resize.observe(host.current);
      screen.current = {
        setFontSize(size) {
          terminal.options.fontSize = size;
          fit.fit();
        },
      };
      cleanup = () => {
        screen.current = undefined;
        resize.disconnect();
        events.close();
        typed.dispose();
        terminal.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [sessionId]);
  return <div ref={host} className="h-full w-full" data-testid="terminal" aria-label="Instance terminal" role="application" />;
}

/** EC2 Instance Connect to one instance, in a drawer under the diagram. */
export const DEFAULT_TERMINAL_FONT_SIZE = 15;

export function InstanceTerminal({
  instanceId,
  instanceLabel,
  onClose,
  fontSize = DEFAULT_TERMINAL_FONT_SIZE,
  labId,
}: {
  instanceId: string;
  instanceLabel: string;
  onClose: () => void;
  fontSize?: number;
  /** The lab whose write-up a pinned output joins. */
  labId?: LabId;
}) {
  const [status, setStatus] = useState<Status>({ kind: "connecting" });
  const [attempt, setAttempt] = useState(0);
  const sessionId = status.kind === "open" ? status.sessionId : undefined;

  useEffect(() => {
    let cancelled = false;
    void answered(() => openTerminalAction({ instanceId })).then((result) => {
      if (cancelled) return;
      setStatus(result.ok ? statusOf(result.data) : { kind: "failed", title: REFUSAL_TITLE, message: `${result.error.code}: ${result.error.message}` });
    });
    return () => {
      cancelled = true;
    };
  }, [instanceId, attempt]);

  // A session ends with its drawer: closed, or replaced by a new Connect.
  useEffect(() => {
    if (!sessionId) return;
    return () => void fetch(`/api/terminal/${sessionId}`, { method: "DELETE" }).catch(() => undefined);
  }, [sessionId]);

  return (
    <section aria-label={`EC2 Instance Connect to ${instanceLabel}`} className="@container flex h-full flex-col bg-slate-950 text-slate-100">
      <header className="flex items-center gap-3 border-b border-slate-800 px-3 py-1.5 text-sm">
        {/* A drawer too narrow for all of it (a window beside a tutorial) drops the title, which its region still names: Close stays on screen. */}
        <span className="shrink-0 whitespace-nowrap font-semibold @max-[30rem]:hidden">EC2 Instance Connect</span>
        <span className="min-w-0 truncate font-mono text-slate-300" title={instanceLabel}>
          {instanceLabel}
        </span>
        {labId && status.kind === "open" ? (
          <span className="ml-auto shrink-0 whitespace-nowrap">
            <PinButton pin={() => pinTerminalOutputAction({ labId, instanceId })} className="border-slate-600 hover:bg-slate-800" />
          </span>
        ) : null}
        <button type="button" onClick={onClose} className={`${labId && status.kind === "open" ? "" : "ml-auto "}shrink-0 whitespace-nowrap rounded border border-slate-600 px-2 py-0.5 text-xs hover:bg-slate-800`}>
          Close terminal
        </button>
      </header>
      <div className="min-h-0 flex-1 p-2">
        {status.kind === "connecting" ? <p role="status">Connecting…</p> : null}
        {status.kind === "failed" ? (
          <div role="alert" className="max-w-3xl rounded-md border border-red-400 bg-red-950/60 px-4 py-3">
            <p className="font-semibold text-red-200">{status.title}</p>
            <p className="mt-1 text-red-100">{status.message}</p>
          </div>
        ) : null}
        {status.kind === "external" ? (
          <p>
            On real AWS the terminal runs in the AWS console:{" "}
            <a className="text-sky-300 underline" href={status.url} target="_blank" rel="noreferrer">
              open EC2 Instance Connect for {instanceId}
            </a>
            .
          </p>
        ) : null}
        {status.kind === "open" ? <SessionScreen sessionId={status.sessionId} fontSize={fontSize} onEnded={setStatus} /> : null}
        {status.kind === "ended" ? (
          <div className="flex items-center gap-3">
            <p role="status">{endedMessage(status)}</p>
            <button
              type="button"
              onClick={() => {
                setStatus({ kind: "connecting" });
                setAttempt((count) => count + 1);
              }}
              className="rounded border border-slate-600 px-2 py-0.5 text-xs hover:bg-slate-800"
            >
              Connect again
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
