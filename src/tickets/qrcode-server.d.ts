// `qrcode`'s package.json maps its main entry to the browser build, which bundlers for Workers
// follow and which cannot make PNGs; the server entry can, but @types/qrcode does not describe it.
declare module 'qrcode/lib/server.js' {
  import type { QRCodeToBufferOptions, QRCodeToStringOptions } from 'qrcode';

  export function toBuffer(text: string, options?: QRCodeToBufferOptions): Promise<Buffer>;
  export function toString(text: string, options?: QRCodeToStringOptions): Promise<string>;
}
