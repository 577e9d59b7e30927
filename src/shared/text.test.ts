import { describe, expect, it } from 'vitest';
import { byGivenName, foldForSearch, phoneSearchText, SEARCH_FOLD } from './text.js';

describe('Vietnamese name order', () => {
  it('goes by given name in Vietnamese alphabetical order, then family and middle names', () => {
    const names = ['Nguyễn Thị Hoa', 'Đỗ Văn Đạt', 'Trần Văn An', 'Lê Văn Dũng', 'Vũ Thị Ánh', 'Phạm Văn An', 'Bùi Thị Hằng'];
    expect([...names].sort(byGivenName)).toEqual([
      'Phạm Văn An',
      'Trần Văn An',
      'Vũ Thị Ánh',
      'Lê Văn Dũng',
      'Đỗ Văn Đạt',
      'Bùi Thị Hằng',
      'Nguyễn Thị Hoa',
    ]);
  });

  it('sorts a name typed in decomposed Unicode where the composed one goes', () => {
    expect(byGivenName('Lê Đức Dũng'.normalize('NFD'), 'Lê Đức Dũng')).toBe(0);
  });
});

describe('search folding', () => {
  it('folds case and Vietnamese diacritics, composed or decomposed, đ to d', () => {
    expect(foldForSearch('Lượng')).toBe('luong');
    expect(foldForSearch('LƯỢNG'.normalize('NFD'))).toBe('luong');
    expect(foldForSearch('Đỗ Quang Vũ')).toBe('do quang vu');
  });

  it('folds in the database the way it folds here: every letter of the table maps to its plain one', () => {
    const sample = 'Nguyễn Thị Ánh ĐÔNG Hồng Nhung Phạm Đức Lượng Ỹ';
    const viaTable = [...sample].map((ch) => {
      const i = SEARCH_FOLD.from.indexOf(ch);
      return i >= 0 ? SEARCH_FOLD.to[i] : ch;
    });
    expect(viaTable.join('')).toBe(foldForSearch(sample));
    expect([...SEARCH_FOLD.from]).toHaveLength([...SEARCH_FOLD.to].length);
  });

  it('reads a phone number as people type it', () => {
    expect(phoneSearchText('0912 345')).toBe('+84912345');
    expect(phoneSearchText('84-912-345-678')).toBe('+84912345678');
    expect(phoneSearchText('912345')).toBe('912345');
    expect(phoneSearchText('Hoa')).toBeNull();
    expect(phoneSearchText('09')).toBeNull();
  });
});
