import type { ReactNode } from "react";
import { requireAdminPage } from "./campaigns/_components/admin-gate";

/** Every page under /admin answers 401 or 403 to anyone but an admin, whatever the page itself renders. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireAdminPage();
  return <>{children}</>;
}
