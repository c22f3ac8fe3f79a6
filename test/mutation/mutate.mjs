// @ts-check
/**
 * `npm run mutate [-- group… | -- --force …]`: Stryker once per group of stryker.config.mjs,
 * one after the other (a group's first test run is short, and two cores are not shared by
 * two Strykers), then each group's score per file.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { groups } from '../../stryker.config.mjs';

const args = process.argv.slice(2);
const asked = args.filter((arg) => !arg.startsWith('-'));
const flags = args.filter((arg) => arg.startsWith('-'));
const unknown = asked.filter((name) => !(name in groups));
if (unknown.length > 0) {
  console.error(`No mutation group ${unknown.map((name) => `'${name}'`).join(', ')}. The groups: ${Object.keys(groups).join(', ')}.`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : Object.keys(groups);
const rows = [];
let failed = false;
for (const name of names) {
  const started = Date.now();
  console.log(`\n=== mutation group '${name}' ===`);
  const run = spawnSync('npx', ['stryker', 'run', ...flags], { stdio: 'inherit', env: { ...process.env, MUTATE_GROUP: name } });
  if (run.status !== 0) failed = true;
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  for (const [file, score] of scores(name)) rows.push(`${name.padEnd(10)} ${file.padEnd(42)} ${score.padStart(6)}  (${minutes} min for the group)`);
}
console.log('\nMutation score (killed + timed out) / (all but compile errors), per file:');
for (const row of rows) console.log(`  ${row}`);
process.exit(failed ? 1 : 0);

/** @returns {[string, string][]} */
function scores(name) {
  let report;
  try {
    report = JSON.parse(readFileSync(`reports/mutation/${name}.json`, 'utf8'));
  } catch {
    return [];
  }
  return Object.entries(report.files).map(([file, { mutants }]) => {
    /** @type {{ status: string }[]} */
    const all = mutants;
    const valid = all.filter((m) => m.status !== 'CompileError' && m.status !== 'RuntimeError' && m.status !== 'Ignored');
    const caught = valid.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length;
    return [file, valid.length === 0 ? '—' : `${((100 * caught) / valid.length).toFixed(1)}%`];
  });
}
