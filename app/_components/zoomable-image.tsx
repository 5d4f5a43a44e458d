"use client";
import { useRef } from "react";

/**
 * An image shown large enough to judge, that opens filling the screen in a modal dialog on click (or Enter/Space, as
 * a button). The native <dialog> traps focus, closes on Escape and gives focus back to the button. Key presses inside
 * stay inside, so the review desk's shortcuts (A, R, 1–9) do not fire while the zoomed image is open.
 */
export function ZoomableImage({ src, alt, className = "h-[min(60vh,32rem)] w-full" }: { src: string; alt: string; className?: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} aria-label={`Zoom: ${alt}`} className="block w-full cursor-zoom-in rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        {/* eslint-disable-next-line @next/next/no-img-element -- a private, authorised blob: next/image would proxy and cache it */}
        <img src={src} alt={alt} className={`${className} rounded object-contain`} />
      </button>
      <dialog
        ref={dialog}
        aria-label={`${alt}, full size`}
        onKeyDown={(e) => e.stopPropagation()}
        onClick={(e) => e.target === dialog.current && dialog.current?.close()}
        className="m-auto max-h-[95vh] max-w-[95vw] rounded-lg bg-white p-2 backdrop:bg-slate-900/80"
      >
        <div className="flex justify-end">
          <button type="button" onClick={() => dialog.current?.close()} className="rounded-md border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100" autoFocus>
            Close
          </button>
        </div>
        {/* As large as the screen allows, small images included: a 96-pixel photo is judged better drawn big. */}
        {/* eslint-disable-next-line @next/next/no-img-element -- the same authorised blob, drawn large */}
        <img src={src} alt={`${alt}, full size`} className="mt-2 h-[85vh] w-[90vw] object-contain" />
      </dialog>
    </>
  );
}
