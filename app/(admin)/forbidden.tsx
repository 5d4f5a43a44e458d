import { EmptyState } from "@/app/_components/empty-state";

export default function AdminForbidden() {
  return <EmptyState title="Admins only">Your wallet does not have the admin role.</EmptyState>;
}
