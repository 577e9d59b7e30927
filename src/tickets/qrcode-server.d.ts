// `qrcode`'s package.json maps its main entry to the browser build, which bundlers for Workers
// follow and which cannot make PNGs; the server entry can, but @types/qrcode does not describe it.
declare module 'qrcode/lib/server.js' {
  import type { QRCodeToStringOptions } from 'qrcode';

  function qrToString(text: string, options?: QRCodeToStringOptions): Promise<string>;

  export { qrToString as toString };
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): {
    modules: { size: number; data: Uint8Array };
  };
}
