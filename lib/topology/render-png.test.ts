import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LAB1, lab1Snapshot } from "@/lib/analysis/fixtures";
import { PNG_SCALE, renderPng } from "./render-png";
import { renderTopologySvg } from "./render-svg";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Decoded {
  width: number;
  height: number;
  pixel(x: number, y: number): [number, number, number];
}

/** Just enough PNG decoding for resvg's output: 8-bit RGBA, not interlaced, the five row filters. */
function decodePng(png: Buffer): Decoded {
  expect(png.subarray(0, 8).equals(SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([body[8], body[9], body[12]]).toEqual([8, 6, 0]);
    }
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let row = 0; row < height; row++) {
    const filter = raw[row * (stride + 1)];
    for (let column = 0; column < stride; column++) {
      const value = raw[row * (stride + 1) + 1 + column];
      const left = column >= 4 ? pixels[row * stride + column - 4] : 0;
      const up = row > 0 ? pixels[(row - 1) * stride + column] : 0;
      const upLeft = row > 0 && column >= 4 ? pixels[(row - 1) * stride + column - 4] : 0;
      const paeth = () => {
        const estimate = left + up - upLeft;
        const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
        return a <= b && a <= c ? left : b <= c ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter];
      pixels[row * stride + column] = (value + predictor) & 0xff;
    }
  }
  return {
    width,
    height,
    pixel: (x, y) => {
      const at = Math.round(y) * stride + Math.round(x) * 4;
      return [pixels[at], pixels[at + 1], pixels[at + 2]];
    },
  };
}

describe("renderPng", () => {
  it("rasterises the SVG at twice its size, with the peering line drawn in green and text drawn", async () => {
    const { svg, width, height } = await renderTopologySvg(lab1Snapshot(), { title: "VPC Peering", date: new Date("2026-12-02T20:45:00Z") });
    const image = decodePng(await renderPng(svg));
    expect([image.width, image.height]).toEqual([width * PNG_SCALE, height * PNG_SCALE]);

    const start = /data-peering="[^"]+"[^>]*><path d="M([\d.]+),([\d.]+)/.exec(svg);
    expect(start, `no peering path for ${LAB1.pcx}`).not.toBeNull();
    const [x, y] = [Number(start![1]) + 6, Number(start![2])];
    const [red, green, blue] = image.pixel(x * PNG_SCALE, y * PNG_SCALE);
    expect(green).toBeGreaterThan(red + 40);
    expect(green).toBeGreaterThan(blue + 40);

    // The title's glyphs: dark pixels in its row (a missing font would leave it blank).
    const titleRow = Array.from({ length: 300 }, (_, column) => image.pixel(48 + column, 40 * PNG_SCALE));
    expect(titleRow.filter(([r, g, b]) => r + g + b < 200).length).toBeGreaterThan(10);
  });

  it("leaves the server's thread free while it renders: a timer set before it fires before the picture is done", async () => {
    const { svg } = await renderTopologySvg(lab1Snapshot(), { title: "VPC Peering", date: new Date("2026-12-02T20:45:00Z") });
    const order: string[] = [];
    const timer = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push("timer")), 0));
    // On the event loop's own thread (Resvg#render) the picture would be done before any timer could run.
    await Promise.all([Promise.resolve(renderPng(svg)).then(() => order.push("picture")), timer]);
    expect(order).toEqual(["timer", "picture"]);
  });
});
