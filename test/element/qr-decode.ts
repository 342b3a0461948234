/**
 * Reads a rendered QR code back the way a phone would: the element's SVG, serialised,
 * drawn as an image on a canvas, decoded with jsQR. Nothing of the encoder is reused.
 */
import 'jsqr';
import type jsQRFunction from 'jsqr';

// jsQR ships as UMD: loaded as a module it attaches itself to `self`.
const jsQR = (globalThis as unknown as { jsQR: typeof jsQRFunction }).jsQR;

/** Pixels per QR module when rasterising; plenty for jsQR. */
const SCALE_PX = 6;

export async function decodeSvgQr(svgElement: SVGSVGElement): Promise<string | undefined> {
  const markup = new XMLSerializer().serializeToString(svgElement);
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const [, , width] = (svgElement.getAttribute('viewBox') ?? '').split(' ').map(Number);
    const side = (width ?? 0) * SCALE_PX;
    const canvas = document.createElement('canvas');
    canvas.width = side;
    canvas.height = side;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d context');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, side, side);
    context.drawImage(image, 0, 0, side, side);
    const pixels = context.getImageData(0, 0, side, side);
    return jsQR(pixels.data, side, side)?.data;
  } finally {
    URL.revokeObjectURL(url);
  }
}
