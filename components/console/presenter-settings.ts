"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * Whether presenter mode moves to the next step by itself once a step's check passes. Off by
 * default: in front of a room the presenter decides when to move on. Kept in this browser.
 */
const FOLLOWS_KEY = "vpclab.presenter.follows-progress";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function read(): boolean {
  try {
    return window.localStorage.getItem(FOLLOWS_KEY) === "1";
  } catch {
    return false;
  }
}

export function usePresenterFollows(): [boolean, (follows: boolean) => void] {
  const follows = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((next: boolean) => {
    try {
      window.localStorage.setItem(FOLLOWS_KEY, next ? "1" : "0");
    } catch {
      // Storage refused (private mode): the choice lasts until the page is left.
    }
    for (const listener of listeners) listener();
  }, []);
  return [follows, set];
}
