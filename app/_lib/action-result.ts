import "server-only";
import { isAppError } from "@/lib/errors";
import { toAppError } from "@/lib/server/http";

// Server actions return failures as sentences for the page to show, never as thrown errors (a thrown error would
// replace the page). Not a "use server" module itself: this helper must not become an endpoint.
export type ActionResult<T> = { ok: true; value: T } | { ok: false; message: string };

export async function runAction<T>(work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const appError = toAppError(error);
    if (!isAppError(error) && appError.status >= 500) console.error("[action]", error);
    const field = (appError.details?.fieldErrors as Record<string, string[] | undefined> | undefined) ?? {};
    const first = Object.values(field).flat()[0];
    return { ok: false, message: appError.code === "VALIDATION" && first ? first : appError.message };
  }
}
