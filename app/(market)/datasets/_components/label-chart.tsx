import type { LabelBar } from "@/lib/domain/datasets/dataset-card";

const pct = (x: number | null) => (x === null ? "n/a" : `${Math.round(x * 100)}%`);

/** Horizontal bars: samples per label, with the reviewers' agreement beside each. Plain SVG, no chart library. */
export function LabelChart({ bars }: { bars: LabelBar[] }) {
  if (bars.length === 0) return <p className="text-sm text-slate-500">No labels to show.</p>;
  const rowHeight = 28;
  const labelWidth = 140;
  const barWidth = 320;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <svg role="img" aria-label="Label distribution" viewBox={`0 0 ${labelWidth + barWidth + 160} ${height}`} className="w-full max-w-2xl" data-testid="label-chart">
      {bars.map((bar, i) => {
        const y = i * rowHeight + 4;
        const width = (bar.count / max) * barWidth;
        return (
          <g key={bar.label} data-testid="label-bar">
            <text x={labelWidth - 8} y={y + 17} textAnchor="end" className="fill-slate-700 text-[12px]">
              {bar.label.length > 20 ? `${bar.label.slice(0, 19)}…` : bar.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={barWidth} height={rowHeight - 10} className="fill-slate-100" rx={3} />
            <rect x={labelWidth} y={y + 4} width={width} height={rowHeight - 10} className="fill-brand-600" rx={3}>
              <title>{`${bar.label}: ${bar.count} samples (${pct(bar.share)}), reviewer agreement ${pct(bar.agreement)}`}</title>
            </rect>
            <text x={labelWidth + barWidth + 8} y={y + 17} className="fill-slate-600 text-[12px]">
              {bar.count} ({pct(bar.share)}) · agree {pct(bar.agreement)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
