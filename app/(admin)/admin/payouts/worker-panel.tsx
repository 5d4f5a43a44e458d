import type { WorkerStatus } from "@/lib/server/payouts/get-worker-status";
import { PauseSwitch } from "./pause-switch";

const ago = (date: Date, now: Date) => {
  const s = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

/** The payout worker at a glance: running, paused or silent, its last problem, and the pause switch. */
export function WorkerPanel({ status, now }: { status: WorkerStatus; now: Date }) {
  const state = status.paused ? "Paused" : status.alive ? "Running" : "Not running";
  const style = status.paused ? "bg-amber-100 text-amber-900" : status.alive ? "bg-emerald-100 text-emerald-900" : "bg-slate-200 text-slate-800";
  return (
    <section aria-label="Payout worker" className="mb-6 rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <div className="flex items-center gap-2">
            <h2 className="font-semibold">Payout worker</h2>
            <span className={`rounded px-2 py-0.5 text-xs ${style}`} data-testid="worker-state">
              {state}
            </span>
          </div>
          <p className="mt-1 text-sm text-slate-600">
            {status.heartbeatAt ? `Last seen ${ago(status.heartbeatAt, now)}` : "No worker has checked in yet (npm start runs one; npm run worker runs one alone)"}
            {status.holder && <span className="font-mono text-xs text-slate-500"> · {status.holder}</span>}
            {status.paused && status.pausedAt && ` · paused ${ago(status.pausedAt, now)}`}
          </p>
        </div>
        <PauseSwitch paused={status.paused} />
      </div>
      {status.lastError && (
        <p role="alert" className="mt-3 rounded-md bg-red-50 p-3 text-sm text-red-800" data-testid="worker-error">
          {status.lastError}
          {status.lastErrorAt && <span className="text-red-600"> ({ago(status.lastErrorAt, now)})</span>}
        </p>
      )}
    </section>
  );
}
