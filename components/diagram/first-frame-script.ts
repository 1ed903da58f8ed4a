import type { Box } from "@/lib/topology/layout";

/** How React Flow's fitView frames the boxes, in pixels: the same padding and zoom limits. */
export interface FitFrame {
  padding: { top: number; right: number; bottom: number; left: number };
  minZoom: number;
  maxZoom: number;
  /** Below this zoom the picture is framed on the lab's own boxes, when the script is given them. */
  detailZoom: number;
}

/**
 * Sets the server-rendered diagram's viewport to what React Flow's fitView will set once the page's
 * scripts have run (getViewportForBounds in @xyflow/system, asymmetric padding included), at the
 * diagram's real size. Plain ES5 in a string: it runs before (and without) the page's bundles.
 */
export const FIT_FUNCTION = `function (wrapper, b, f, lab) {
  var viewport = wrapper && wrapper.querySelector(".react-flow__viewport");
  if (!viewport || !b.width || !b.height) return;
  var w = wrapper.offsetWidth, h = wrapper.offsetHeight, p = f.padding;
  function zoomFor(box) {
    return Math.min(Math.max(Math.min((w - p.left - p.right) / box.width, (h - p.top - p.bottom) / box.height), f.minZoom), f.maxZoom);
  }
  if (lab && lab.width && lab.height && zoomFor(b) < f.detailZoom) b = lab;
  var zoom = zoomFor(b);
  var x = w / 2 - (b.x + b.width / 2) * zoom;
  var y = h / 2 - (b.y + b.height / 2) * zoom;
  var left = Math.floor(b.x * zoom + x), top = Math.floor(b.y * zoom + y);
  var right = Math.floor(w - ((b.x + b.width) * zoom + x)), bottom = Math.floor(h - ((b.y + b.height) * zoom + y));
  x = x - Math.min(left - p.left, 0) + Math.min(right - p.right, 0);
  y = y - Math.min(top - p.top, 0) + Math.min(bottom - p.bottom, 0);
  viewport.style.transform = "translate(" + x + "px," + y + "px) scale(" + zoom + ")";
}`;

/** Where the script leaves its observer, for the hydrated diagram to stop it (React Flow frames the picture from then on). */
export const FIRST_FRAME_OBSERVER = "vlFirstFrameObserver";

/**
 * The inline script, placed right after the diagram's React Flow element inside the same parent. It
 * runs where the HTML has it, before the rest of the page (the panels beside the diagram) is parsed,
 * so it fits again whenever the diagram's size changes (a resize observer reports before the next
 * paint): every frame the student sees has the boxes where React Flow will keep them. `lab` is the
 * extent of the lab's own boxes, framed instead when all of them would be drawn too small to read.
 */
export function firstFrameScript(bounds: Box, frame: FitFrame, lab?: Box): string {
  const script = `(function (fit) {
  var holder = document.currentScript.parentElement, wrapper = holder.querySelector(".react-flow"), b = ${JSON.stringify(bounds)}, f = ${JSON.stringify(frame)}, lab = ${JSON.stringify(lab ?? null)};
  fit(wrapper, b, f, lab);
  if (!wrapper || typeof ResizeObserver !== "function") return;
  holder.${FIRST_FRAME_OBSERVER} = new ResizeObserver(function () { fit(wrapper, b, f, lab); });
  holder.${FIRST_FRAME_OBSERVER}.observe(wrapper);
})(${FIT_FUNCTION});`;
  // Inside <script>, "</" would end the element early; JSON of numbers never has it, but be sure.
  return script.replaceAll("</", "<\\/");
}

/** Stops the first frame's script from fitting the diagram held by `holder` (once hydrated). */
export function stopFirstFrame(holder: HTMLElement | null): void {
  const observed = holder as (HTMLElement & Partial<Record<typeof FIRST_FRAME_OBSERVER, ResizeObserver>>) | null;
  observed?.[FIRST_FRAME_OBSERVER]?.disconnect();
  if (observed) delete observed[FIRST_FRAME_OBSERVER];
}
