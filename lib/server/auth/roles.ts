import "server-only";
import { getEnv } from "@/lib/env";
import type { Role } from "@/lib/generated/prisma/enums";

export type SessionUser = {
  id: string;
  address: string;
  displayName: string | null;
  roles: Role[];
};

/** Granted roles plus ADMIN for the addresses in ADMIN_ADDRESSES: configuration, not a database row, decides that. */
export function effectiveRoles(address: string, granted: Role[]): Role[] {
  const roles = new Set<Role>(granted);
  if (getEnv().adminAddresses.includes(address.toLowerCase())) roles.add("ADMIN");
  return [...roles].sort();
}
