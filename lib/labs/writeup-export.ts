/** The write-up's three downloads, from one document: zip (Markdown + images), HTML, PDF. */
import { loadStepImages } from "./progress";
import type { LabId } from "./steps";
import { writeupFileName, writeupZip } from "./writeup";
import { writeupHtml } from "./writeup-html";
import { loadWriteup } from "./writeup-load";
import { printWriteupPdf } from "./writeup-pdf";

export type WriteupFormat = "zip" | "html" | "pdf";

export interface WriteupDownload {
  body: Buffer;
  contentType: string;
  fileName: string;
}

export async function exportWriteup(user: { id: string; name: string }, labId: LabId, format: WriteupFormat): Promise<WriteupDownload> {
  const [{ document }, stepImages] = await Promise.all([loadWriteup(user, labId), loadStepImages(user.id, labId)]);
  const base = writeupFileName(labId);
  if (format === "zip") return { body: writeupZip(document, stepImages), contentType: "application/zip", fileName: `${base}.zip` };
  const html = writeupHtml(document, stepImages);
  if (format === "html") return { body: Buffer.from(html, "utf8"), contentType: "text/html; charset=utf-8", fileName: `${base}.html` };
  return { body: await printWriteupPdf(html), contentType: "application/pdf", fileName: `${base}.pdf` };
}
