import { EmptyState } from "@/app/_components/empty-state";

export default function AdminUnauthorized() {
  return <EmptyState title="Sign in first">This page is for admins. Sign in with an admin wallet.</EmptyState>;
}
