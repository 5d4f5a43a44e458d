import { calibrationInWords } from "@/lib/format";
import type { CalibrationSummary } from "@/lib/server/reviews/consensus-snapshot";

const pct = (p: number) => `${Math.round(p * 100)}%`;

/**
 * The campaign's calibration: a reliability chart (per confidence band, how often the gold answers predicted from the
 * votes alone were right, against the confidence the consensus gave them) and the figures behind the posteriors.
 */
export function CalibrationPanel({ calibration }: { calibration: CalibrationSummary | null }) {
  return (
    <section data-testid="calibration">
      <h2 className="mb-2 text-lg font-semibold">Calibration</h2>
      {!calibration ? (
        <p className="text-sm text-slate-600">No consensus fit yet: the first verdict on this campaign fits one. Until gold answers are reviewed, posteriors stay deliberately cautious.</p>
      ) : (
        <div className="space-y-3 text-sm">
          <p data-testid="calibration-words">
            {calibrationInWords({ goldItems: calibration.goldItems, ece: calibration.reliability?.ece ?? null, predictions: calibration.reliability?.predictions ?? 0, misleading: calibration.misleading })}
          </p>
          <p className="text-slate-600">
            Fitted on {calibration.reviews} reviews at {calibration.fittedAt.toISOString().slice(0, 16).replace("T", " ")} UTC. Votes weigh {calibration.temperature.toFixed(2)} of their
            independent-evidence weight (items of varied difficulty make one item&apos;s errors go together), and {pct(calibration.misleading)} of items are taken to look like another
            label. Both are measured on gold answers replayed as decisions see them, a few votes at a time.
          </p>
          {calibration.reliability && calibration.reliability.predictions > 0 && <ReliabilityChart bins={calibration.reliability.bins} />}
        </div>
      )}
    </section>
  );
}

function ReliabilityChart({ bins }: { bins: NonNullable<CalibrationSummary["reliability"]>["bins"] }) {
  const most = Math.max(1, ...bins.map((b) => b.count));
  return (
    <figure>
      <div className="max-w-xl overflow-x-auto">
      <table className="w-full text-left text-xs" aria-label="Reliability of the consensus on gold answers">
        <thead className="text-slate-500 uppercase">
          <tr>
            <th className="py-1">Confidence</th>
            <th>Right</th>
            <th className="w-1/2">Said (grey) and right (bar)</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b) => (
            <tr key={b.from} data-testid="calibration-bin" className="border-t border-slate-100">
              <td className="py-1">
                {pct(b.from)}–{pct(b.to)} <span className="text-slate-500">({b.count})</span>
              </td>
              <td>{b.accuracy === null ? "—" : pct(b.accuracy)}</td>
              <td>
                <span className="relative block h-3 rounded bg-slate-100" style={{ opacity: 0.4 + (0.6 * b.count) / most }}>
                  {b.meanConfidence !== null && <span className="absolute top-0 h-3 w-0.5 bg-slate-500" style={{ left: pct(b.meanConfidence) }} />}
                  {b.accuracy !== null && <span className="absolute top-0 left-0 h-3 rounded bg-emerald-500/70" style={{ width: pct(b.accuracy) }} />}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <figcaption className="mt-1 text-xs text-slate-500">Where the bar ends at the grey mark, the consensus was exactly as often right as it said.</figcaption>
    </figure>
  );
}
