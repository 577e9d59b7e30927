import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { postgresDriverPatched } from './driver-patch.js';

describe('the postgres.js patch check', () => {
  it('finds the patch in the driver this install loads', () => {
    expect(postgresDriverPatched()).toBe(true);
  });

  it('reports an unpatched or missing driver file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-driver-'));
    const file = join(dir, 'connection.js');
    writeFileSync(file, 'function nextWrite(fn) { const x = socket.write(chunk, fn) }\n');
    expect(postgresDriverPatched(file)).toBe(false);
    expect(postgresDriverPatched(join(dir, 'absent.js'))).toBe(false);
  });
});
