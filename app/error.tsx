"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-red-50 p-8">
      <h1 className="text-xl font-semibold text-red-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-red-800">
        The page could not be shown. Try again; if it keeps failing, the server log has the details
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-700 px-4 py-2 text-sm text-white hover:bg-red-800">
        Try again
      </button>
    </div>
  );
}
