import "server-only";
import { AppError } from "@/lib/errors";
import { userFromApiKey, type ApiKeyScope } from "@/lib/server/api-keys/api-keys";
import { userFromRequest, type SessionUser } from "./session";

type RequestLike = { headers: Headers; cookies: { get(name: string): { value: string } | undefined } };

/**
 * API callers authenticate with `Authorization: Bearer tsk_…` (scoped) or, from the browser, the session cookie.
 * `scope` is what a key needs for this route; a list means any one of them will do.
 */
export async function authenticateRequest(request: RequestLike, scope: ApiKeyScope | readonly ApiKeyScope[]): Promise<SessionUser> {
  const header = request.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError("UNAUTHENTICATED", "Send the API key as 'Authorization: Bearer <key>'.");
    return userFromApiKey(match[1], scope);
  }
  const user = await userFromRequest(request);
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in with your wallet, or send an API key.");
  return user;
}
