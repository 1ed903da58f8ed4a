"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import superjson from "superjson";
import type { ActionResult } from "@/lib/action-pipeline/result";
import type { ConsoleData, ConsoleView, LabReadout } from "@/lib/console/load-console";
import { loadConsole } from "@/lib/api/console-routes";
import { ChangeReadCoalescer } from "@/lib/console/change-reads";
import { changedResourceIds, isSettling, snapshotChanged } from "@/lib/labs/changes";

const SETTLING_POLL_MS = 1000;
const REAL_AWS_POLL_MS = 10_000;
/**
 * The sandbox streams its changes. While the stream is not heard from (reconnecting, replaced by
 * newer tabs, or silent past its heartbeat), the console polls at this pace instead.
 */
const SANDBOX_SAFETY_POLL_MS = 5_000;
/** The stream's `alive` comes every 15 s (app/api/events): silent for longer, the connection may be dead without the browser knowing (a laptop woken from sleep). */
const STREAM_SILENT_MS = 40_000;
const CHANGE_GLOW_MS = 2500;

/** Why the console reads the account: something may have changed it (an event, an action, a reconnect), or a timer. */
type ReadReason = "change" | "poll";

/** Names this page's tab to the server (streamed-reads.ts's isTabId); not a secret, so Math.random does (crypto.randomUUID needs HTTPS). */
function newTabId(): string {
  return Array.from({ length: 4 }, () => Math.random().toString(36).slice(2, 8).padEnd(6, "0")).join("");
}

/** A read that began before the account's version shown: what it shows is older. */
function isOlder(read: ConsoleData, shown: ConsoleData): boolean {
  return read.accountVersion !== undefined && shown.accountVersion !== undefined && read.accountVersion < shown.accountVersion;
}

/**
 * Keeps the console's view of the account current: refetches once a burst of sandbox change events
 * has settled (lib/console/change-reads.ts), on the stream's `ready` (after a reconnect), on a timer on real AWS and whenever the sandbox's stream
 * is not heard from, and every second while anything is between states (time moves those, not calls).
 * A tab that polled every few seconds besides its stream cost the server more than all of a class's
 * own calls (npm run load: 200 open consoles).
 *
 * `changeReadAt` is the `loadedAt` of the latest read that may have seen the account change: one
 * asked for after a change event, an action or a reconnect, one that found the snapshot changed, and
 * every read on real AWS (which streams nothing). The step rail and the Break it panel check the lab
 * again on it, so a sandbox safety poll that finds the account as it was costs one read, not three.
 * `changeReadVersion` is that read's account version (sandbox), so the rail can tell that its last
 * check already judged this state. On a lab page (`labId`), a read asked for after a change brings
 * the rail's check and the Break it panel's challenge with it (`changeReadLab`): one request per
 * change rather than three.
 *
 * While `held` (a reset or teardown under way), changes and polls are noted but not read: one read
 * follows when the hold ends.
 *
 * A lab page's reads bring the Activity panel's page only while the panel is shown (`activity`); the
 * page shown is the last one read, and showing the panel reads it afresh.
 *
 * A lab page whose rail checks steps (not presenter mode) has its live stream carry the reads after
 * changes (`read` events, lib/console/streamed-reads.ts): the server reads once the burst has settled,
 * sparing a request per read. The page still reads itself on `ready`, after its actions, and when
 * the stream is not heard from; those reads name the page's tab, so its stream does not read the same
 * changes again. The stream's URL says what to read; when that changes (the Activity tab shown or
 * hidden, presenter mode), the page opens a new stream and reads on its `ready`. A read older than
 * the one shown (an own read overtaken by a streamed one) is dropped.
 */
export function useLiveConsole(
  initial: ConsoleView,
  mode: "sandbox" | "real",
  { held = false, labId, checkSteps = true, activity = true }: { held?: boolean; labId?: string; checkSteps?: boolean; activity?: boolean } = {},
) {
  const [data, setData] = useState(initial);
  const [changedIds, setChangedIds] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  // How many reads found the account changed: equal counts mean the account is as it was.
  const [accountChanges, setAccountChanges] = useState(0);
  const [changeRead, setChangeRead] = useState<{ at: string; accountVersion?: number; lab?: LabReadout }>({ at: initial.loadedAt, accountVersion: initial.accountVersion });
  const latest = useRef(initial);
  const inFlight = useRef(false);
  const again = useRef(false);
  const changeHinted = useRef(false);
  const heldRef = useRef(held);
  // Only a shown step rail takes the read's check: the steps it records are photographed there.
  const checkStepsRef = useRef(checkSteps);
  const activityRef = useRef(activity);
  const missedWhileHeld = useRef(false);
  /** When the live stream last carried anything (undefined while it is not open). */
  const streamHeardAt = useRef<number | undefined>(undefined);
  /** Waits for a burst of change events to settle before reading (set while the stream is open). */
  const changeReads = useRef<ChangeReadCoalescer | undefined>(undefined);
  const [tab] = useState(newTabId);
  // The live stream carries a lab page's reads while its rail checks the steps (the stream's reads check them).
  const streamReads = mode === "sandbox" && labId !== undefined && checkSteps;
  const streamUrl = streamReads ? `/api/events?lab=${labId}&tab=${tab}${activity ? "&activity=1" : ""}` : "/api/events";

  /** Shows a read (the page's own or its stream's); `hinted`: it followed a change, and its check is the rail's. */
  const apply = useCallback((result: ActionResult<ConsoleData>, hinted: boolean) => {
    if (!result.ok) {
      setError(`${result.error.code}: ${result.error.message}`);
      return false;
    }
    setError(null);
    if (isOlder(result.data, latest.current)) return true;
    const changed = changedResourceIds(latest.current.snapshot, result.data.snapshot);
    const snapshotMoved = snapshotChanged(latest.current.snapshot, result.data.snapshot);
    if (snapshotMoved) setAccountChanges((count) => count + 1);
    if (hinted || snapshotMoved || mode === "real") setChangeRead({ at: result.data.loadedAt, accountVersion: result.data.accountVersion, lab: result.data.lab });
    const read = { ...result.data, activity: result.data.activity ?? latest.current.activity };
    latest.current = read;
    setData(read);
    if (changed.length) {
      setChangedIds(changed);
      setTimeout(() => setChangedIds((current) => (current === changed ? [] : current)), CHANGE_GLOW_MS);
    }
    return true;
  }, [mode]);

  const refresh = useCallback(async (reason: ReadReason = "change") => {
    if (reason === "change") changeHinted.current = true;
    if (heldRef.current) {
      missedWhileHeld.current = true;
      return;
    }
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setRefreshing(true);
    try {
      do {
        again.current = false;
        const hinted = changeHinted.current;
        changeHinted.current = false;
        // This read shows every change announced so far: none is left waiting for a read of its own.
        changeReads.current?.readStarting();
        const result = await loadConsole(labId ? { labId, check: checkStepsRef.current && (hinted || mode === "real"), activity: activityRef.current, tab } : undefined);
        if (!apply(result, hinted)) changeHinted.current ||= hinted;
      } while (again.current);
    } finally {
      inFlight.current = false;
      setRefreshing(false);
    }
  }, [mode, labId, tab, apply]);

  // A reset or teardown changes the account a dozen times: reading it after each change would compete with
  // the action for the server's one thread while the student waits. One read once it is over shows its end.
  useEffect(() => {
    checkStepsRef.current = checkSteps;
  }, [checkSteps]);

  // The Activity panel shown: its page may be older than the account, read it now (a stream carrying
  // reads is opened again for it, and the page reads on its `ready`).
  useEffect(() => {
    const shown = activity && !activityRef.current;
    activityRef.current = activity;
    if (shown && !streamReads) void refresh("poll");
  }, [activity, refresh, streamReads]);

  useEffect(() => {
    heldRef.current = held;
    if (held || !missedWhileHeld.current) return;
    missedWhileHeld.current = false;
    void refresh();
  }, [held, refresh]);

  useEffect(() => {
    if (mode !== "sandbox") return;
    let events: EventSource | undefined;
    const heard = () => (streamHeardAt.current = Date.now());
    const coalescer = (changeReads.current = new ChangeReadCoalescer(() => void refresh("change")));
    const connect = () => {
      events?.close();
      streamHeardAt.current = undefined;
      const source = (events = new EventSource(streamUrl));
      source.addEventListener("change", () => {
        heard();
        // Whichever read comes next (this burst's, an action's, a poll's) checks the steps again.
        changeHinted.current = true;
        if (!streamReads) coalescer.changed();
      });
      // The stream's read of this burst: the page's own read, made by the server.
      source.addEventListener("read", (event) => {
        heard();
        if (heldRef.current) {
          missedWhileHeld.current = true;
          return;
        }
        // Every change so far was announced before this read began: it checked them.
        if (apply(superjson.parse<ActionResult<ConsoleData>>((event as MessageEvent<string>).data), true)) changeHinted.current = false;
      });
      // The first event, and again after a reconnect (here or between the server's processes): changes may have been missed.
      source.addEventListener("ready", () => {
        heard();
        void refresh();
      });
      source.addEventListener("alive", heard);
      // Reconnecting: the poll reads until `ready` comes.
      source.addEventListener("error", () => (streamHeardAt.current = undefined));
      // Newer tabs took this one's place (a user holds a few live streams at most): the poll goes on.
      source.addEventListener("replaced", () => {
        streamHeardAt.current = undefined;
        source.close();
      });
    };
    connect();
    // A stream open but silent past its heartbeat is dead without the browser knowing: open another.
    const watchdog = setInterval(() => {
      const heardAt = streamHeardAt.current;
      if (events?.readyState === EventSource.OPEN && heardAt !== undefined && Date.now() - heardAt > STREAM_SILENT_MS) connect();
    }, SANDBOX_SAFETY_POLL_MS);
    return () => {
      clearInterval(watchdog);
      coalescer.cancel();
      if (changeReads.current === coalescer) changeReads.current = undefined;
      events?.close();
      streamHeardAt.current = undefined;
    };
  }, [mode, refresh, apply, streamUrl, streamReads]);

  const settling = isSettling(data.snapshot);
  useEffect(() => {
    const interval = settling ? SETTLING_POLL_MS : mode === "sandbox" ? SANDBOX_SAFETY_POLL_MS : REAL_AWS_POLL_MS;
    const timer = setInterval(() => {
      const heardAt = streamHeardAt.current;
      const streamLive = heardAt !== undefined && Date.now() - heardAt <= STREAM_SILENT_MS;
      if (mode === "sandbox" && !settling && streamLive) return;
      void refresh("poll");
    }, interval);
    return () => clearInterval(timer);
  }, [mode, settling, refresh]);

  return { data, changedIds, error, refreshing, refresh, accountChanges, changeReadAt: changeRead.at, changeReadVersion: changeRead.accountVersion, changeReadLab: changeRead.lab };
}
