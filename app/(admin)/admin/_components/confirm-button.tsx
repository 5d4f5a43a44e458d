"use client";
import { useId, useRef, type ReactNode } from "react";
import { useFormStatus } from "react-dom";

type Props = {
  /** The button that opens the dialog (its text says what the action is). */
  children: ReactNode;
  /** The dialog's heading, a question: "Publish v3 of Reviews?". */
  title: string;
  /** What will happen, plainly, and that it cannot be undone. */
  description: ReactNode;
  /** The confirming button's text; the dialog's only way to run the action. */
  confirmLabel: string;
  /** Sent with the form when confirmed, as a submit button's name and value would be. */
  name?: string;
  value?: string;
  className?: string;
  "aria-label"?: string;
  tone?: "danger" | "primary";
  pendingLabel?: string;
};

/**
 * A submit button for an action that cannot be taken back: it asks first, in a modal dialog that says what will
 * happen. Cancel has the focus, so Enter or a stray double click never confirms; Escape cancels (the native
 * dialog's own behaviour). Put it inside the form it submits; the dialog's confirm button submits that form.
 */
export function ConfirmButton({ children, title, description, confirmLabel, name, value, className, tone = "danger", pendingLabel, ...rest }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { pending } = useFormStatus();
  const titleId = useId();
  const descriptionId = useId();

  function show() {
    const dialog = dialogRef.current;
    if (!dialog) return;
    dialog.showModal();
    cancelRef.current?.focus();
  }

  function close() {
    dialogRef.current?.close();
  }

  return (
    <>
      <button type="button" onClick={show} disabled={pending} aria-haspopup="dialog" aria-label={rest["aria-label"]} className={className}>
        {pending && pendingLabel ? pendingLabel : children}
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 p-0 text-left text-sm text-slate-900 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-4 p-5">
          <h2 id={titleId} className="text-base font-semibold">
            {title}
          </h2>
          <div id={descriptionId} className="space-y-2 break-words text-slate-700">
            {description}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <button ref={cancelRef} type="button" onClick={close} className="rounded-md border border-slate-300 bg-white px-4 py-2 hover:bg-slate-100">
              Cancel
            </button>
            <button
              type="submit"
              name={name}
              value={value}
              onClick={close}
              className={`rounded-md px-4 py-2 font-medium text-white ${tone === "danger" ? "bg-red-600 hover:bg-red-700" : "bg-brand-600 hover:bg-brand-700"}`}
            >
              {confirmLabel}
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
