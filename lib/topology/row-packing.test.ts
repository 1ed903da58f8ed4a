import ELK, { type ElkNode } from "elkjs/lib/elk.bundled.js";
import { describe, expect, it } from "vitest";
import { packInRows, type RowPacking, type Size } from "./row-packing";

/** A fixed sequence of pseudo-random numbers in [0, 1), so every run checks the same boxes. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

/** Instance-like boxes (a fixed width, a few heights) mixed with boxes of any size, some wider than the row. */
function boxes(next: () => number): Size[] {
  return Array.from({ length: 1 + Math.floor(next() * 9) }, () => ({
    width: next() < 0.5 ? 236 : Math.round(next() * 9000) / 10,
    height: next() < 0.5 ? 98 : Math.round(next() * 5000) / 10 + 1,
  }));
}

const PADDING = { top: 70, side: 16, bottom: 16 };

/** ELK's rectpacking, as the layout used it for subnets and rows of VPCs before it packed them itself. */
async function elkPacking(children: Size[], targetWidth: number, spacing: number) {
  const graph: ElkNode = await new ELK().layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "rectpacking",
      "elk.padding": `[top=${PADDING.top},left=${PADDING.side},bottom=${PADDING.bottom},right=${PADDING.side}]`,
      "elk.spacing.nodeNode": String(spacing),
      "elk.rectpacking.widthApproximation.strategy": "TARGET_WIDTH",
      "elk.rectpacking.widthApproximation.targetWidth": String(targetWidth),
      "elk.rectpacking.packing.strategy": "SIMPLE",
    },
    children: children.map((size, index) => ({ id: `n${index}`, ...size })),
  });
  return { positions: (graph.children ?? []).map((child) => ({ x: fine(child.x), y: fine(child.y) })), width: fine(graph.width), height: fine(graph.height) };
}

/** To a millionth of a pixel: ELK adds some sizes up in another order, which can change the last bit. */
const fine = (value = 0) => Math.round(value * 1e6) / 1e6;

/** The packing inside the padding, as ELK reports it for the parent box. */
function padded({ positions, width, height }: RowPacking) {
  const { top, side, bottom } = PADDING;
  return { positions: positions.map(({ x, y }) => ({ x: fine(side + x), y: fine(top + y) })), width: fine(side + width + side), height: fine(top + height + bottom) };
}

describe("packInRows", () => {
  it("places boxes exactly where ELK's rectpacking (SIMPLE, target width) places them", async () => {
    const next = numbers(7);
    for (let run = 0; run < 200; run++) {
      const sizes = boxes(next);
      const targetWidth = [300, 500, 632, 1400][run % 4];
      const spacing = [14, 18, 200][run % 3];
      expect(padded(packInRows(sizes, targetWidth, spacing)), JSON.stringify({ sizes, targetWidth, spacing })).toEqual(await elkPacking(sizes, targetWidth, spacing));
    }
  });

  it("keeps model order: a box never moves because of one after it", () => {
    const sizes = [
      { width: 400, height: 100 },
      { width: 400, height: 300 },
      { width: 400, height: 50 },
    ];
    const packed = packInRows(sizes, 900, 20);
    expect(packed.positions).toEqual([
      { x: 0, y: 0 },
      { x: 420, y: 0 },
      { x: 0, y: 320 },
    ]);
    expect(packInRows([...sizes, { width: 2000, height: 10 }], 900, 20).positions.slice(0, 3)).toEqual(packed.positions);
  });
});
