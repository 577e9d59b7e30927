import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNode } from './support/processes.js';

// Moved out of programme-scope.test.ts: it starts the CLI as a process, so the quick loop leaves it out.
describe('the command line', () => {
  it('creates a programme manager account', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kc-cli-pm-'));
    try {
      const cli = runNode(
        'src/node/cli.ts',
        ['user:create', '--email', 'pm@khuyencong.test', '--role', 'programme_manager', '--password', 'mat-khau-du-dai'],
        { DATA_DIR: dataDir },
      );
      expect(await cli.exited, cli.output()).toBe(0);
      expect(cli.output()).toContain('Created user pm@khuyencong.test (programme_manager)');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000); // a process that starts PGlite and hashes at production cost: slow on a busy machine
});
