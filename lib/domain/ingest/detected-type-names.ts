// How refusal messages name what file-type detected ("This file is a PNG image, ..."). Keyed by file-type's `ext`.

const NAMES: Record<string, string> = {
  png: "a PNG image",
  apng: "an animated PNG image",
  jpg: "a JPEG image",
  gif: "a GIF image",
  webp: "a WebP image",
  tif: "a TIFF image",
  bmp: "a BMP image",
  heic: "a HEIC image",
  avif: "an AVIF image",
  jxl: "a JPEG XL image",
  jp2: "a JPEG 2000 image",
  ico: "an icon file",
  icns: "an icon file",
  psd: "a Photoshop document",
  pdf: "a PDF document",
  rtf: "an RTF document",
  docx: "a Word document",
  xlsx: "an Excel spreadsheet",
  pptx: "a PowerPoint presentation",
  odt: "an OpenDocument text",
  epub: "an EPUB book",
  zip: "a ZIP archive",
  gz: "a gzip archive",
  "tar.gz": "a gzip archive",
  bz2: "a bzip2 archive",
  xz: "an xz archive",
  zst: "a Zstandard archive",
  "7z": "a 7-Zip archive",
  rar: "a RAR archive",
  tar: "a TAR archive",
  sqlite: "an SQLite database",
  mp3: "an MP3 audio file",
  wav: "a WAV audio file",
  flac: "a FLAC audio file",
  ogg: "an Ogg audio file",
  mp4: "an MP4 video",
  mov: "a QuickTime video",
  webm: "a WebM video",
  mkv: "a Matroska video",
  avi: "an AVI video",
  xml: "an XML document",
  woff: "a font file",
  woff2: "a font file",
  ttf: "a font file",
  otf: "a font file",
  elf: "a Linux executable (ELF)",
  exe: "a Windows executable (PE)",
  macho: "a macOS executable (Mach-O)",
  wasm: "a WebAssembly module",
  class: "a Java class file",
  jar: "a Java archive (JAR)",
  apk: "an Android app (APK)",
};

/** Programs, refused for every data type with their own message. */
const EXECUTABLE_EXTENSIONS = new Set(["elf", "exe", "macho", "wasm", "class", "jar", "apk"]);

export function describeDetectedType(detected: { ext: string; mime: string }): string {
  return NAMES[detected.ext] ?? `a file of type ${detected.mime}`;
}

export function isExecutableType(detected: { ext: string }): boolean {
  return EXECUTABLE_EXTENSIONS.has(detected.ext);
}
