/** "12 left", "1,000+ left": a capped count says it is at least that many. */
export function formatLeft(left: number, capped: boolean): string {
  return `${left.toLocaleString("en-US")}${capped ? "+" : ""} left`;
}
