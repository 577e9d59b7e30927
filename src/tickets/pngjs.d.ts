// pngjs (a dependency of qrcode) ships no types; the QR test only needs the synchronous decoder.
declare module 'pngjs' {
  export const PNG: {
    sync: { read(buffer: Buffer): { width: number; height: number; data: Uint8Array } };
  };
}
