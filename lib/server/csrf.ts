import "server-only";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { SESSION_COOKIE } from "@/lib/server/auth/session";

/**
 * Refuses a state-changing request that a browser sent from another origin, before it reads or writes anything.
 * SameSite=Lax cookies still ride along from another port of the same host (same site, other origin), so the
 * session cookie alone proves nothing. A browser names the page that sent a request in Origin (every POST, PUT,
 * PATCH and DELETE) and in Sec-Fetch-Site; it must be APP_URL's origin exactly (scheme, host and port). A request
 * with neither header did not come from a browser page and cannot be forged by one, and one that authenticates with
 * an `Authorization` header and carries no session cookie cannot be either: a page cannot make a browser add that
 * header for another origin. Go's net/http CrossOriginProtection follows the same rules.
 * Server actions need none of this: Next compares their Origin with the Host header itself.
 */
export function assertSameOrigin(request: Request): void {
  const cookies = request.headers.get("cookie") ?? "";
  const carriesSession = cookies.split(";").some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
  if (request.headers.has("authorization") && !carriesSession) return;

  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (origin === new URL(getEnv().appUrl).origin) return;
    throw crossOrigin();
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return;
  throw crossOrigin();
}

function crossOrigin(): AppError {
  return new AppError("FORBIDDEN", "This request came from another site. Use Tessera's own pages, or an API key.");
}
