// What changed between a dataset's previous published version and the next one, by sample id and label.

export type VersionChangelog = {
  /** The version this one is compared with; null for a dataset's first version. */
  previousVersion: string | null;
  added: number;
  removed: number;
  /** Samples in both versions whose consensus labels changed. */
  relabelled: number;
  unchanged: number;
  /** A few ids of each kind, for people to look at; the counts are the complete figures. */
  examples: { added: string[]; removed: string[]; relabelled: string[] };
};

export type ChangelogMember = { sampleId: string; labelJson: string };

const EXAMPLES = 5;

export function versionChangelog(previous: { version: string; members: readonly ChangelogMember[] } | null, next: readonly ChangelogMember[]): VersionChangelog {
  const before = new Map((previous?.members ?? []).map((m) => [m.sampleId, m.labelJson]));
  const after = new Map(next.map((m) => [m.sampleId, m.labelJson]));
  const added = [...after.keys()].filter((id) => !before.has(id)).sort();
  const removed = [...before.keys()].filter((id) => !after.has(id)).sort();
  const relabelled = [...after.entries()].filter(([id, label]) => before.has(id) && before.get(id) !== label).map(([id]) => id).sort();
  return {
    previousVersion: previous?.version ?? null,
    added: added.length,
    removed: removed.length,
    relabelled: relabelled.length,
    unchanged: after.size - added.length - relabelled.length,
    examples: { added: added.slice(0, EXAMPLES), removed: removed.slice(0, EXAMPLES), relabelled: relabelled.slice(0, EXAMPLES) },
  };
}
