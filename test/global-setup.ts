import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * One scratch folder for the whole run, made before the test workers start (they inherit
 * its path through the environment): what is built once per run (the site, see
 * fixtures/shared-site.ts) lives there, and goes with it at the end.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'kit-test-run-'));
  process.env.KIT_TEST_RUN_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
