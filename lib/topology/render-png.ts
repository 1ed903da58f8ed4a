/**
 * The exported SVG rasterised at 2× with resvg (a Rust SVG renderer, shipped prebuilt inside its
 * npm package). Fonts are the DejaVu files from the dejavu-fonts-ttf package, loaded explicitly so
 * the PNG looks the same on every machine whatever fonts it has installed.
 *
 * Rendering runs on libuv's thread pool (renderAsync): parsing the fonts and rasterising take a few
 * hundred milliseconds, which on the server's own thread would hold up every other request (a
 * student's click waited behind the write-up's step pictures).
 */
import { createRequire } from "node:module";
import path from "node:path";
import { renderAsync } from "@resvg/resvg-js";

export const PNG_SCALE = 2;

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf"];

let fontPaths: string[] | undefined;

/** Resolved at run time from the project's node_modules (a bundler must not rewrite this lookup). */
function fonts(): string[] {
  if (!fontPaths) {
    const require = createRequire(path.join(process.cwd(), "package.json"));
    const directory = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fontPaths = FONT_FILES.map((file) => path.join(directory, file));
  }
  return fontPaths;
}

export async function renderPng(svg: string): Promise<Buffer> {
  const image = await renderAsync(svg, {
    fitTo: { mode: "zoom", value: PNG_SCALE },
    background: "#ffffff",
    font: { fontFiles: fonts(), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans", monospaceFamily: "DejaVu Sans Mono" },
  });
  return image.asPng();
}
