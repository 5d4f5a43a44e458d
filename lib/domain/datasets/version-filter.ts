// Which accepted samples a dataset version takes, and what labels it commits for each. Pure.
import type { TVersionFilters } from "@/lib/schemas/dataset";

export type FilterableSample = { posterior: number | null; createdAt: Date; labels: string | readonly string[] };

/** The labels a version commits: the consensus label when the consensus chose one, else the contributor's labels. */
export function consensusLabels(sample: { consensusLabel: string | null; labels: unknown }): string | string[] {
  if (sample.consensusLabel !== null) return sample.consensusLabel;
  if (typeof sample.labels === "string") return sample.labels;
  if (Array.isArray(sample.labels) && sample.labels.every((l) => typeof l === "string")) return sample.labels as string[];
  throw new Error(`labels must be a string or a list of strings, got ${JSON.stringify(sample.labels)}`);
}

/** The [from, until) instants of the filters' inclusive UTC day range, for the database query. */
export function collectionWindow(filters: TVersionFilters): { from?: Date; until?: Date } {
  return {
    from: filters.from ? new Date(`${filters.from}T00:00:00.000Z`) : undefined,
    until: filters.to ? new Date(Date.parse(`${filters.to}T00:00:00.000Z`) + 86_400_000) : undefined,
  };
}

/**
 * Whether an accepted sample passes the filters: posterior at least minPosterior (a sample without a posterior passes
 * only a minimum of 0), collected within the day range, and, when labels are given, carrying at least one of them.
 */
export function matchesFilters(sample: FilterableSample, filters: TVersionFilters): boolean {
  if (filters.minPosterior > 0 && (sample.posterior === null || sample.posterior < filters.minPosterior)) return false;
  const { from, until } = collectionWindow(filters);
  if (from && sample.createdAt < from) return false;
  if (until && sample.createdAt >= until) return false;
  if (filters.labels.length > 0) {
    const labels = typeof sample.labels === "string" ? [sample.labels] : sample.labels;
    if (!labels.some((l) => filters.labels.includes(l))) return false;
  }
  return true;
}
