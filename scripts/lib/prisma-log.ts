// What `npm run db:migrate` (and so `npm start`) shows of the Prisma CLI's output. The schema must name a datasource
// url that the driver adapter then ignores (prisma/schema.prisma says why), and the CLI warns about it at every call;
// that warning, the line naming the schema's placeholder database and the config loader's chatter are expected, so
// they are dropped. Everything else, errors above all, is kept.

const EXPECTED_LINES = [
  /^Loaded Prisma config from /,
  /^Prisma config detected, skipping environment variable loading\.$/,
  /^Datasource "db": SQLite database ":memory:"/,
  // Each applied migration is listed as its folder and then this same file name.
  /^└─ migration\.sql$/,
];
const WARNING_START = /^WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter/;
const WARNING_END = /^We recommend you to remove those properties from your schema/;

/** The CLI's output without the expected lines, and without the blank lines they leave in a row. */
export function filterPrismaOutput(text: string): string {
  const kept: string[] = [];
  let inWarning = false;
  for (const line of text.split("\n")) {
    // Colours too: the CLI adds them when FORCE_COLOR is set (Playwright's web server sets it).
    const trimmed = line.replace(/\x1b\[[0-9;]*m/g, "").trim();
    if (WARNING_START.test(trimmed)) inWarning = true;
    const drop = inWarning || EXPECTED_LINES.some((re) => re.test(trimmed));
    if (inWarning && WARNING_END.test(trimmed)) inWarning = false;
    if (drop) continue;
    if (trimmed === "" && (kept.length === 0 || kept[kept.length - 1]?.trim() === "")) continue;
    kept.push(line);
  }
  return kept.join("\n");
}
