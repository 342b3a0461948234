/**
 * The only module that knows which QR library is used. It gives back plain data (a module
 * count and one SVG path), which the element renders with lit's `svg` template: no markup
 * string from here is ever parsed as HTML.
 */
// The nano build: byte mode only, which a deeplink is, at half the size of the full encoder.
import { correction, generate } from 'lean-qr/nano';

export interface QrPath {
  /** Modules per side (without the quiet zone). */
  size: number;
  /** One path of unit squares, in module coordinates, for `<path d=…>`. */
  d: string;
}

/** The quiet zone scanners need around the code, in modules (ISO/IEC 18004). */
export const QR_QUIET_ZONE_MODULES = 4;

/**
 * Medium error correction: a phone camera reading a laptop screen copes with glare, and a
 * PayPOS link stays a small code.
 */
export function qrPath(text: string): QrPath {
  const code = generate(text, { minCorrectionLevel: correction.M });
  const size = code.size;
  const runs: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!code.get(x, y)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && code.get(x, y)) x++;
      // One rectangle per horizontal run of dark modules keeps the path short.
      runs.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  }
  return { size, d: runs.join('') };
}
