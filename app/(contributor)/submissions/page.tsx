import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";

export const metadata: Metadata = { title: "My submissions" };

export default function SubmissionsPage() {
  return (
    <>
      <PageTitle title="My submissions" subtitle="Every sample you upload, with its checks, review status and reward." />
      <EmptyState title="Nothing submitted yet" action={{ href: "/campaigns", label: "Browse campaigns" }}>
        Pick an open campaign, upload a few labeled samples, and they will appear here with the result of every check.
      </EmptyState>
    </>
  );
}
