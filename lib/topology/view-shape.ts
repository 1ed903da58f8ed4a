/**
 * The diagram's shape, which the top-level rows are packed for (lib/topology/layout.ts), and the
 * cookie that carries it to the server, so the server's HTML draws the rows the browser will.
 */

/** Remembers the shape of the student's last diagram (a preference, read by the lab page). */
export const VIEW_ASPECT_COOKIE = "vpclab-diagram-shape";

const SHORTEST = 0.2;

/**
 * Width ÷ height of what the picture is fitted in (the view less its fit padding), in steps of
 * 0.05 so a window resized by a few pixels packs the same rows; 1 for any view at least as wide
 * as it is tall, which keeps the usual rows.
 */
export function viewAspectOf(view: { width: number; height: number }, padding: { x: number; y: number }): number | undefined {
  const width = view.width - padding.x;
  const height = view.height - padding.y;
  if (width <= 0 || height <= 0) return undefined;
  return Math.max(SHORTEST, Math.min(1, Math.round((width / height) * 20) / 20));
}

/** The cookie's value, when it is one viewAspectOf gives. */
export function parseViewAspect(value: string | undefined): number | undefined {
  if (!value || !/^(0|1)(\.\d{1,2})?$/.test(value)) return undefined;
  const aspect = Number(value);
  return aspect >= SHORTEST && aspect <= 1 ? aspect : undefined;
}

/** The cookie as document.cookie sets it: a year, every page, never sent cross-site. */
export function viewAspectCookie(aspect: number): string {
  return `${VIEW_ASPECT_COOKIE}=${aspect}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
