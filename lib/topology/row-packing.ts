/**
 * Boxes packed left to right into rows no wider than a target width, in model order: what ELK's
 * rectpacking algorithm does with the SIMPLE packing strategy, position for position, without
 * loading ELK (layout.test.ts checks the two agree).
 */
export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface RowPacking {
  /** Each box's top-left corner, in the order given, relative to the packing's top-left corner. */
  positions: Point[];
  /** The extent of what was packed. */
  width: number;
  height: number;
}

export function packInRows(boxes: readonly Size[], targetWidth: number, spacing: number): RowPacking {
  const positions: Point[] = [];
  const rowHeights: number[] = [];
  const row = { top: 0, height: 0, end: 0, empty: true };
  let width = 0;
  for (const box of boxes) {
    // As ELK: a box that does not fit opens a new row, even when the current row is still empty.
    if ((row.empty ? 0 : row.end + spacing) + box.width > targetWidth) {
      rowHeights.push(row.height);
      Object.assign(row, { top: row.top + (row.height + spacing), height: 0, end: 0, empty: true });
    }
    const at = { x: row.empty ? 0 : row.end + spacing, y: row.top };
    positions.push(at);
    Object.assign(row, { end: at.x + box.width, height: Math.max(row.height, box.height), empty: false });
    width = Math.max(width, row.end);
  }
  rowHeights.push(row.height);
  // ELK adds the rows' heights up on their own, not from the last row's top, which can differ in the last bit.
  const height = rowHeights.reduce((sum, rowHeight, index) => sum + (rowHeight + (index ? spacing : 0)), 0);
  return { positions, width, height };
}
