// Loaded with `node --import` into a measured gkt process: writes its own peak RSS to a file as it exits.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.GKT_BENCH_RSS_DIR;
if (dir !== undefined && dir !== '') {
  process.on('exit', () => {
    // resourceUsage().maxRSS is the process's own high-water mark in kilobytes, children not included.
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ pid: process.pid, maxRssKb: process.resourceUsage().maxRSS }));
  });
}
