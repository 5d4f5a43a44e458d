// HTTP Range (RFC 9110 §14) for one resource of known size. Only a single range is served: a multi-range request is
// answered with the whole file (a server may always ignore Range), which download managers handle.

export type ByteRange = { start: number; end: number };

/** null: serve the whole file; "unsatisfiable": 416; otherwise the inclusive byte range to send. */
export function parseRange(header: string | null, size: number): ByteRange | "unsatisfiable" | null {
  if (header === null) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const [, from, to] = m;
  if (from === "" && to === "") return null;
  if (from === "") {
    const suffix = Number(to);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return "unsatisfiable";
  const end = to === "" ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return null;
  return { start, end };
}

/** If-Range: the range applies only while the client's copy is the current one (strong ETag comparison). */
export function rangeApplies(ifRange: string | null, etag: string): boolean {
  return ifRange === null || ifRange.trim() === etag;
}
