import { listOpenCampaigns } from "@/lib/server/campaigns/list-open-campaigns";
import { CampaignCard } from "./_components/campaign-card";
import { EmptyState } from "./_components/empty-state";

const STEPS = [
  { title: "Contribute", text: "Upload labeled samples to a campaign. Automated checks refuse broken files and duplicates at once." },
  { title: "Review, blind", text: "Several independent reviewers judge each sample; gold items with known answers measure every reviewer." },
  { title: "Consensus", text: "A Dawid-Skene consensus, calibrated on gold answers, weighs each vote by measured reliability and decides a sample only once one outcome's probability reaches the campaign's threshold, in the open." },
  { title: "Get paid", text: "Accepted samples pay DATA on-chain, exactly once; dataset sales flow back to the contributors." },
];

export default async function HomePage() {
  const campaigns = await listOpenCampaigns(6);
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-3xl font-semibold tracking-tight">Training data you can trust, paid fairly.</h1>
        <p className="mt-3 max-w-3xl text-slate-600">
          Tessera is a marketplace for labeled data where quality control is measurable and public: no central gatekeeper,
          just independent reviewers, gold items and a statistical consensus anyone can inspect.
        </p>
        <ol className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {STEPS.map((step, i) => (
            <li key={step.title} className="rounded-lg border border-slate-200 bg-white p-4">
              <span className="text-xs font-semibold text-brand-600">Step {i + 1}</span>
              <h2 className="mt-1 font-semibold">{step.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{step.text}</p>
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2 className="mb-4 text-xl font-semibold">Open campaigns</h2>
        {campaigns.length === 0 ? (
          <EmptyState title="No open campaigns yet">An admin opens campaigns; come back soon, or ask your team&apos;s admin.</EmptyState>
        ) : (
          <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
            {campaigns.map((c) => (
              <CampaignCard key={c.id} campaign={c} />
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
