import { formatData } from "@/lib/format";

const button = "rounded-md px-4 py-2 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-50";

type Props = { priceWei: bigint; approveDisabled: boolean; buyDisabled: boolean; permitDisabled: boolean; onApprove?: () => void; onBuy?: () => void; onPermit?: () => void };

/** The buy panel's three buttons: also shown, all disabled, while the panel's wallet code loads, so nothing moves. */
export function BuyButtons({ priceWei, approveDisabled, buyDisabled, permitDisabled, onApprove, onBuy, onPermit }: Props) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={`${button} border border-brand-600 text-brand-700 hover:bg-brand-50`} disabled={approveDisabled} onClick={onApprove}>
        1. Approve {formatData(priceWei)} DATA
      </button>
      <button type="button" className={`${button} bg-brand-600 text-white hover:bg-brand-700`} disabled={buyDisabled} onClick={onBuy}>
        2. Buy
      </button>
      <span className="text-sm text-slate-500">or</span>
      <button type="button" className={`${button} bg-slate-800 text-white hover:bg-slate-900`} disabled={permitDisabled} onClick={onPermit}>
        Buy with one signature (permit)
      </button>
    </div>
  );
}
