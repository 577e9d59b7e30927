import { PNG } from 'pngjs';

/**
 * A still picture (a ticket's QR PNG) as a short y4m video, the format Chromium's fake camera
 * plays in a loop (`--use-file-for-fake-video-capture`). The picture is centred on white, in
 * grey: Y is its luma, U and V the neutral 128. 4:2:0, so width and height must be even.
 */
export function pngToY4m(png: Buffer, options: { width?: number; height?: number; frames?: number } = {}): Buffer {
  const image = PNG.sync.read(png);
  // A picture larger than the frame (a whole ticket card) gets a frame its size, rounded up to even.
  const even = (n: number) => n + (n % 2);
  const { width = Math.max(640, even(image.width)), height = Math.max(480, even(image.height)), frames = 3 } = options;
  if (image.width > width || image.height > height)
    throw new Error(`picture ${image.width}×${image.height} does not fit ${width}×${height}`);
  const luma = Buffer.alloc(width * height, 255);
  const left = (width - image.width) >> 1;
  const top = (height - image.height) >> 1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const [r, g, b, a] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]! / 255];
      // Transparent pixels show the white page behind them.
      const grey = (0.299 * r + 0.587 * g + 0.114 * b) * a + 255 * (1 - a);
      luma[(top + y) * width + left + x] = Math.round(grey);
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  return Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]);
}
