// Renders the app's icons and social preview image into public/ from public/icon.svg. Run by hand after changing the
// logo (`npx tsx scripts/make-icons.ts`); the outputs are committed, so neither install nor build needs it.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";

const pub = path.resolve(import.meta.dirname, "..", "public");
const logo = readFileSync(path.join(pub, "icon.svg"));

const png = (size: number, background?: string) =>
  sharp(logo, { density: 72 * Math.ceil(size / 64) * 2 })
    .resize(size, size)
    .flatten(background ? { background } : false)
    .png({ compressionLevel: 9 })
    .toBuffer();

/** An ICO file holding PNG images (every current browser reads them). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

const sizes = [16, 32, 48];
writeFileSync(path.join(pub, "favicon.ico"), ico(await Promise.all(sizes.map(async (size) => ({ size, data: await png(size) })))));
// iOS draws its own rounded corners over an opaque square.
writeFileSync(path.join(pub, "apple-touch-icon.png"), await png(180, "#22459b"));
writeFileSync(path.join(pub, "icon-192.png"), await png(192));
writeFileSync(path.join(pub, "icon-512.png"), await png(512));

// The picture link previews show (Open Graph and X cards): 1200 x 630, logo and name on the brand colour.
const og = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="#22459b"/>
  <g transform="translate(120 195) scale(3.75)">${logo.toString("utf8").replace(/<\/?svg[^>]*>/g, "")}</g>
  <text x="420" y="300" font-family="DejaVu Sans, Arial, sans-serif" font-size="112" font-weight="700" fill="#ffffff">Tessera</text>
  <text x="422" y="380" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" fill="#d9eaff">Labeled training data with open,</text>
  <text x="422" y="432" font-family="DejaVu Sans, Arial, sans-serif" font-size="34" fill="#d9eaff">measurable quality control, paid in DATA.</text>
</svg>`;
writeFileSync(path.join(pub, "og-image.png"), await sharp(Buffer.from(og)).png({ compressionLevel: 9 }).toBuffer());
