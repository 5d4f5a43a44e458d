/** The kinds of data a campaign collects; mirrors Prisma's DataType so that lib/domain needs no Prisma import. */
export type IngestDataType = "TEXT" | "IMAGE";

/** How the messages name what a campaign accepts ("this campaign accepts text"). */
export const ACCEPTED_DATA_NOUN: Record<IngestDataType, string> = {
  TEXT: "plain text",
  IMAGE: "PNG, JPEG, WebP or GIF images",
};
