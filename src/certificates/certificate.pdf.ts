import { jsPDF } from 'jspdf';
import { formatDay } from '../shared/time.js';
import { qrModules } from '../tickets/qr.js';
import { spanOf } from './certificate.page.js';
import { NOTO_SERIF_BOLD, NOTO_SERIF_REGULAR } from './certificate-fonts.js';
import type { CertificateView } from './certificates.presenter.js';
import { cs, NAME_WITHHELD } from './certificates.strings.js';

// A4 landscape in PDF points, the printable page's own sheet; jsPDF measures y from the top.
const WIDTH = 842;
const HEIGHT = 595;
const MARGIN = 56;
const INK: [number, number, number] = [26, 26, 31];
const MUTED: [number, number, number] = [89, 89, 102];
const RED: [number, number, number] = [200, 60, 60];
const FONT = 'NotoSerif';

type Weight = 'normal' | 'bold';

/** Draws `text` centred, wrapped to the sheet's width, from baseline `y` down; returns the next baseline. */
function centred(doc: jsPDF, text: string, y: number, weight: Weight, size: number, color = INK): number {
  doc.setFont(FONT, weight);
  doc.setFontSize(size);
  doc.setTextColor(...color);
  const lines: string[] = doc.splitTextToSize(text.normalize('NFC'), WIDTH - 2 * MARGIN);
  let at = y;
  for (const line of lines) {
    doc.text(line, WIDTH / 2, at, { align: 'center' });
    at += size * 1.3;
  }
  return at;
}

/** The QR code, `side` points square with its 2-module quiet zone, top-left corner at (x, y). */
function drawQr(doc: jsPDF, url: string, x: number, y: number, side: number) {
  const { size, data } = qrModules(url);
  const quiet = 2;
  const cell = side / (size + 2 * quiet);
  doc.setFillColor(...INK);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (data[row * size + col] === 1) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell, 'F');
    }
  }
}

/**
 * The certificate as a one-page A4 landscape PDF with the printable page's content: Vietnamese
 * first with English beneath, the number, dates and issuer, and the QR code of its verification
 * page. Noto Serif, cut down to Latin and Vietnamese (certificate-fonts.ts), is embedded.
 */
export function certificatePdf(c: CertificateView, verifyUrl: string): Uint8Array<ArrayBuffer> {
  const doc = new jsPDF({ orientation: 'landscape', unit: 'pt', format: 'a4', compress: true });
  doc.addFileToVFS('NotoSerif-Regular.ttf', NOTO_SERIF_REGULAR);
  doc.addFont('NotoSerif-Regular.ttf', FONT, 'normal');
  doc.addFileToVFS('NotoSerif-Bold.ttf', NOTO_SERIF_BOLD);
  doc.addFont('NotoSerif-Bold.ttf', FONT, 'bold');
  doc.setProperties({
    title: `${cs('vi', 'certificateTitle')} ${c.number} — ${c.name}`.normalize('NFC'),
    author: c.issuer.normalize('NFC'),
    creator: c.issuer.normalize('NFC'),
  });
  doc.setLanguage('vi');
  doc.setCreationDate(c.issuedAt);

  doc.setDrawColor(...MUTED);
  doc.setLineWidth(1.5);
  doc.rect(24, 24, WIDTH - 48, HEIGHT - 48);
  let y = 80;
  y = centred(doc, c.issuer, y, 'bold', 13);
  y = centred(doc, c.issuerEn, y, 'normal', 10, MUTED) + 14;
  y = centred(doc, cs('vi', 'certificateTitle'), y + 16, 'bold', 34);
  y = centred(doc, cs('en', 'certificateTitle'), y - 14, 'normal', 13, MUTED) + 12;
  y = centred(doc, `${cs('vi', 'certifies')} · ${cs('en', 'certifies')}`, y, 'normal', 12, MUTED) + 18;
  y = centred(doc, c.name ?? NAME_WITHHELD, y, c.name ? 'bold' : 'normal', c.name ? 28 : 16) + 2;
  y = centred(doc, `${cs('vi', 'completed')} · ${cs('en', 'completed')}`, y, 'normal', 12, MUTED) + 10;
  y = centred(doc, c.eventTitle, y, 'bold', 18);
  if (c.eventTitleEn) y = centred(doc, c.eventTitleEn, y, 'normal', 12, MUTED);
  centred(doc, `${cs('vi', 'held')} (${cs('en', 'held')}): ${spanOf(c)}`, y + 8, 'normal', 12);

  // The foot: number, date of issue and where to verify on the left, the QR code on the right.
  const qrSide = 104;
  const qrTop = HEIGHT - 44 - qrSide;
  const foot: [string, string, Weight][] = [
    [`${cs('vi', 'number')} / ${cs('en', 'number')}`, c.number, 'bold'],
    [`${cs('vi', 'issuedOn')} / ${cs('en', 'issuedOn')}`, formatDay(c.issuedAt, 'vi'), 'normal'],
    [`${cs('vi', 'verifyAt')} / ${cs('en', 'verifyAt')}`, verifyUrl, 'normal'],
  ];
  let fy = qrTop + 40;
  for (const [label, value, weight] of foot) {
    doc.setFont(FONT, 'normal');
    doc.setFontSize(9);
    doc.setTextColor(...MUTED);
    doc.text(label, MARGIN, fy);
    doc.setFont(FONT, weight);
    doc.setFontSize(11);
    doc.setTextColor(...INK);
    doc.text(value.normalize('NFC'), MARGIN + 130, fy);
    fy += 22;
  }
  drawQr(doc, verifyUrl, WIDTH - MARGIN - qrSide, qrTop, qrSide);

  if (c.revoked) {
    centred(doc, `${cs('vi', 'revokedStamp')} / ${cs('en', 'revokedStamp')}`, HEIGHT / 2 - 10, 'bold', 40, RED);
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

/** A file name a browser keeps as is: the number's letters, digits and dashes. */
export const pdfFileName = (number: string) => `giay-chung-nhan-${number.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`;
