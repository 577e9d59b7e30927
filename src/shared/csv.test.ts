import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv, toCsvSections } from './csv.js';

describe('CSV export', () => {
  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = toCsv(['a'], [['=HYPERLINK("http://x")'], ['+84912345678'], ['-1'], ['@SUM(A1)'], ['Nguyễn Văn A']]);
    expect(csv.split('\r\n').slice(1, 6)).toEqual([`"'=HYPERLINK(""http://x"")"`, "'+84912345678", "'-1", "'@SUM(A1)", 'Nguyễn Văn A']);
  });

  it('no part of a cell can start a formula, whichever separator the spreadsheet splits on', () => {
    const nasty = [
      'Nguyễn;=1+2',
      'a,=1',
      'x\t@SUM(A1)',
      'dòng 1\n-2+3',
      'dòng 1\r\n+2',
      'a; =1',
      'a;"=1+2"',
      '=1;=2',
      'a\r=1',
      '\t=1',
      'a;\t=1',
      'x;;@y',
    ];
    const csv = toCsv(
      ['a'],
      nasty.map((text) => [text]),
    );
    // A plain reader for each separator, as Excel in another locale would cut the line: spaces
    // and quotes at the start of a piece do not stop a formula.
    for (const separator of [',', ';', '\t']) {
      const pieces = csv.split(new RegExp(`[${separator}\r\n]`)).map((piece) => piece.replace(/^[ "]+/, ''));
      expect(
        pieces.filter((piece) => /^[=+\-@\t\r]/.test(piece)),
        `split on ${JSON.stringify(separator)}`,
      ).toEqual([]);
    }
    expect(csv.split('\r\n')[1]).toBe("Nguyễn;'=1+2");
    expect(
      toCsv(
        ['a'],
        [
          ['Cơ sở A; Cơ sở B-2', 'a-b'],
          [-5, 'ok'],
        ],
      )
        .split('\r\n')
        .slice(1, 3),
    ).toEqual(['Cơ sở A; Cơ sở B-2,a-b', '-5,ok']);
  });

  it('starts with a BOM and quotes commas, quotes and line breaks', () => {
    const csv = toCsv(
      ['tên', 'ghi chú'],
      [
        ['Cơ sở "Mộc", Đồng Kỵ', 'dòng 1\ndòng 2'],
        [null, 5],
      ],
    );
    expect(csv.startsWith('\uFEFFtên,ghi chú\r\n')).toBe(true);
    expect(csv).toContain('"Cơ sở ""Mộc"", Đồng Kỵ","dòng 1\ndòng 2"');
    expect(csv).toContain('\r\n,5\r\n');
  });

  it('writes several sections into one file, each cell neutralised the same way', () => {
    const csv = toCsvSections([{ lines: [['Báo cáo']] }, { title: 'Tổng hợp', header: ['a', 'b'], rows: [['=1+1', 2]] }]);
    expect(csv).toBe("\uFEFFBáo cáo\r\n\r\nTổng hợp\r\na,b\r\n'=1+1,2\r\n");
  });

  it('reads back quoted commas, quotes and line breaks, with or without a BOM and CRLF', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",\r\n\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
    ]);
    expect(parseCsv('a,"open')).toBeNull();
  });
});
