import { readFile } from 'node:fs/promises';
import { type CpuProfile, summarizeProfile } from './cpu-profile.js';

// `yarn workspace @iac-experiment/bench run profile <file.cpuprofile>`: where a server's CPU went (self time).
const file = process.argv[2];
if (!file) {
  console.error('usage: profile <file.cpuprofile> (made by `yarn bench --cpu-prof`)');
  process.exit(2);
}
const { functions, owners } = summarizeProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
console.log('Self time by package (share of busy samples):');
for (const owner of owners) console.log(`  ${percent(owner.share)}  ${owner.name}`);
console.log('\nSelf time by function:');
for (const fn of functions) console.log(`  ${percent(fn.share)}  ${fn.name}`);
