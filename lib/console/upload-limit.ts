/**
 * How much the console's Upload takes at once: its files go to a server action, whose body Next
 * limits to 1 MB; larger files belong to the CLI. The form checks before sending (a body over the
 * limit is refused before the action runs) and the action checks again.
 */
export const MAX_UPLOAD_BYTES = 900 * 1024;

/** S3's code and the console's words for files too large to upload here, or undefined. */
export function uploadTooLarge(files: ReadonlyArray<{ name: string; size: number }>): { code: string; message: string } | undefined {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total <= MAX_UPLOAD_BYTES) return undefined;
  const what = files.length === 1 ? files[0].name : "these files";
  return { code: "EntityTooLarge", message: `The console uploads up to 900 KB at a time; use \`aws s3 cp\` for ${what}.` };
}
