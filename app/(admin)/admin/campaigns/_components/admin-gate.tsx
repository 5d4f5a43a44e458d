import type { ReactNode } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import { currentUser, type SessionUser } from "@/lib/server/auth/session";

/** Renders children for admins; a clear explanation for everyone else. The services still check on their own. */
export async function AdminGate({ children }: { children: (admin: SessionUser) => ReactNode }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in first">This page is for admins. Sign in with an admin wallet.</EmptyState>;
  if (!user.roles.includes("ADMIN")) return <EmptyState title="Admins only">Your wallet does not have the admin role.</EmptyState>;
  return <>{children(user)}</>;
}
