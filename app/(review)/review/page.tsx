import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "Review queue" };

export default function ReviewPage() {
  return (
    <>
      <PageTitle title="Review queue" subtitle="Judge samples blind, one at a time, with the keyboard." />
      <EmptyState title="The review queue opens soon">
        Reviewers will see one sample at a time here, never their own and never twice.
      </EmptyState>
    </>
  );
}
