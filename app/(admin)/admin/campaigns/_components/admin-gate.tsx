import type { ReactNode } from "react";
import { forbidden, unauthorized } from "next/navigation";
import { currentUser, type SessionUser } from "@/lib/server/auth/session";

/**
 * The signed-in admin, or an HTTP refusal: 401 (unauthorized.tsx) without a session, 403 (forbidden.tsx) without the
 * admin role, so that a refusal is a refusal to caches, crawlers and scripts too. The services still check on their own.
 */
export async function requireAdminPage(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) unauthorized();
  if (!user.roles.includes("ADMIN")) forbidden();
  return user;
}

/** Renders children for admins; everyone else gets the 401 or 403 page. */
export async function AdminGate({ children }: { children: (admin: SessionUser) => ReactNode }) {
  return <>{children(await requireAdminPage())}</>;
}
