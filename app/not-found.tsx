import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl rounded-lg border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing at this address. It may have moved, or never existed.</p>
      <Link href="/" className="mt-4 inline-block text-brand-600 hover:underline">
        Back to the start
      </Link>
    </div>
  );
}
