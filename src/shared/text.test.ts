import { describe, expect, it } from 'vitest';
import { byGivenName } from './text.js';

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
