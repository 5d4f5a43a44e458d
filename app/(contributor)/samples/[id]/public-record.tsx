import Link from "next/link";
import { PageTitle } from "@/app/_components/empty-state";
import type { AdminOverride, SampleRecord } from "@/lib/server/samples/get-sample-record";

const when = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

const DECIDED_BY: Record<NonNullable<SampleRecord["decidedBy"]>, string> = {
  consensus: "by the reviewers' calibrated consensus",
  panel: "by a blind panel of staked reviewers",
  admin: "by an admin's override",
};

/** An admin's override, said in the open: which wallet, when, what and why. Shown to everyone on the sample's page. */
export function OverrideNotice({ override }: { override: AdminOverride }) {
  return (
    <section role="note" data-testid="admin-override" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
      <p className="font-semibold">Decided by an admin, not by the reviewers</p>
      <p className="mt-1">
        The reviewers left this sample undecided, and admin <span className="break-all font-mono">{override.adminAddress}</span>{" "}
        {override.outcome === "ACCEPT" ? "accepted" : "rejected"} it on {when(override.at)}
        {override.note ? (
          <>
            : <q data-testid="admin-override-note">{override.note}</q>
          </>
        ) : (
          ", without a note"
        )}
        . Every override is audited and shown here to anyone.
      </p>
    </section>
  );
}

/** The sample's page for anyone but its contributor and admins: its fate and who decided it, never its content. */
export function PublicSampleRecord({ record, signedIn }: { record: SampleRecord; signedIn: boolean }) {
  const status = record.status.toLowerCase().replace("_", " ");
  return (
    <div className="space-y-6">
      <PageTitle title="Sample" subtitle={record.campaign.title} />
      <section className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="sample-record">
        <p>
          Status: <strong data-testid="sample-status">{status}</strong>
          {record.decidedBy && record.decidedAt && (
            <>
              {" "}
              · decided {DECIDED_BY[record.decidedBy]} on {when(record.decidedAt)}
            </>
          )}
        </p>
        {record.appealId && (
          <p className="mt-2">
            <Link href={`/appeals/${record.appealId}`} className="text-brand-700 underline">
              Its panel, with the votes and every transfer
            </Link>
          </p>
        )}
        <p className="mt-2 text-slate-600">
          The content, its labels and the reviewers&apos; votes are shown to its contributor and to admins.
          {!signedIn && " If it is yours, sign in (top right)."}
        </p>
        <p className="mt-2">
          <Link href={`/campaigns/${record.campaign.slug}`} className="text-brand-700 hover:underline">
            The campaign →
          </Link>
        </p>
      </section>
      {record.override && <OverrideNotice override={record.override} />}
    </div>
  );
}
