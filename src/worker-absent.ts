// What the Worker bundle gets in place of jsPDF's optional modules (wrangler.toml, [alias]):
// jsPDF imports them only for html() and SVG drawing, which the certificate PDF never calls, and
// bundled they would add ~800 KiB raw, ~200 KiB gzipped. Any use fails loudly rather than quietly.
const absent = () => {
  throw new Error('not in the Worker bundle: see wrangler.toml [alias]');
};
export default absent;
export { absent as Canvg };
