// The per-item answer of an upload, shared by the API, the browser uploader and the docs.
export type UploadItemResult =
  | { line: number; status: "queued"; sampleId: string; flaggedNearDuplicateOf?: string }
  | { line: number; status: "refused"; code: string; message: string; httpStatus: number; duplicateOf?: string };

export type UploadResponse = { queued: number; refused: number; results: UploadItemResult[] };
