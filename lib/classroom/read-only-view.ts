/**
 * The read-only view of a student's console lives under /classes/<class>/students/<student>.
 * A server action is posted to the page it runs on, so an action coming from there is refused
 * before it does anything if it would change something: the view is for looking only, whatever
 * the page's buttons show. (Actions act on the signed-in user's own account in any case; this
 * keeps an instructor's click in the view from changing their own labs behind their back.)
 */
import { headers } from "next/headers";

const READ_ONLY_VIEW = /^\/classes\/[^/]+\/students\/[^/]+/;

export const READ_ONLY_REFUSAL = { code: "ReadOnlyView", message: "This is a read-only view of a student's console: nothing can be changed from it." } as const;

export function isReadOnlyViewPath(pathname: string): boolean {
  return READ_ONLY_VIEW.test(pathname);
}

/** Whether the request being served was posted from the read-only view (its page is the Referer). */
export async function postedFromReadOnlyView(): Promise<boolean> {
  let referer: string | null;
  try {
    referer = (await headers()).get("referer");
  } catch {
    // Not in a request (a test or a script calling the action directly).
    return false;
  }
  if (!referer) return false;
  try {
    return isReadOnlyViewPath(new URL(referer).pathname);
  } catch {
    return false;
  }
}
