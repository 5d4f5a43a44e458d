import Link from "next/link";

/** A transaction hash shown in the app, linked to the app's own transaction page (the local chain has no explorer). */
export function TxLink({ hash, className = "", testId, title }: { hash: string; className?: string; testId?: string; title?: string }) {
  return (
    <Link href={`/tx/${hash}`} className={`break-all font-mono underline decoration-dotted underline-offset-2 hover:text-brand-700 ${className}`} data-testid={testId} title={title}>
      {hash}
    </Link>
  );
}
