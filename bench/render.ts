// The bench's figures as a terminal table and as the BENCHMARKS.md page (pure).
import { textTable } from '../src/util/text-table.js';
import type { BenchReport } from './bench-report.js';
import { formatTarget, formatValue } from './figure.js';

const verdict = (met: boolean | null): string => (met === null ? '' : met ? 'met' : 'MISSED');

/** `1 request`, `40 tokens`; ratios have no unit. */
function unitText(value: number, unit: string): string {
  if (unit === 'ratio') return '';
  return value === 1 && (unit === 'requests' || unit === 'tokens') ? unit.slice(0, -1) : unit;
}

function groups(report: BenchReport): Array<[string, BenchReport['figures']]> {
  const by = new Map<string, BenchReport['figures']>();
  for (const f of report.figures) by.set(f.group, [...(by.get(f.group) ?? []), f]);
  return [...by];
}

export function renderTable(report: BenchReport): string {
  const rows: string[][] = [];
  for (const [group, figures] of groups(report)) {
    rows.push([group, '', '', '', '', '']);
    let subgroup: string | undefined;
    for (const f of figures) {
      if (f.subgroup !== subgroup && f.subgroup !== undefined) rows.push([`  ${f.subgroup}`, '', '', '', '', '']);
      subgroup = f.subgroup;
      const indent = subgroup === undefined ? '  ' : '    ';
      rows.push([`${indent}${f.label}`, formatValue(f.value, f.unit), unitText(f.value, f.unit), formatTarget(f.target, f.unit), verdict(f.met), f.note ?? '']);
    }
  }
  const table = textTable(['figure', 'value', 'unit', 'target', '', 'note'], rows, { right: [false, true, false, false, false, false] });
  const warnings = report.warnings.map((w) => `\nthe measured runs printed: ${w}`).join('');
  return `${table}\n\n${report.targets.met} of ${report.targets.total} targets met; load average ${report.machine.loadAtStart.join(' ')} at start, ${report.machine.loadAtEnd.join(' ')} at end (${report.machine.cores} cores)${warnings}`;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

/** What each group measures and how, shown under its table. */
const METHODS: Record<string, string> = {
  'Client overhead':
    'gkt\'s request path as a run builds it (`buildModelApi`: the adapter on undici, checks, bounded retries; the cache only where said) against a bare `node:http` loop with a keep-alive Agent, sending the same request bodies to an instant OpenAI-compatible server in its own process. The two clients take turns in short stretches; rate is requests answered per second, CPU is `process.cpuUsage()` of the client process per request. The closing servers stream each answer in 30 pieces a millisecond apart (a server at work, not an instant one) and close their connections as real servers do: llama.cpp after every streamed answer (saying `Keep-Alive: timeout=5, max=100` first), others with `Connection: close`, or unannounced after a number of requests. Their bare client opens a new connection for every request, the least any client can do there; the figure is the serial student phase\'s request rate, with how many requests gkt sent again because it found a connection closed, and how many it retried.',
  Scheduling:
    "A whole `gkt run` of one 1319-item teacher pass (guidance 40) against `gkt serve --simulate` with as many slots as the teacher batch and a fixed time per token (10 ms; the paper's own teacher pass took over 200 ms a token). Makespan is the pass's phase time from its segment records; the ideal is the sum over items of the server's service time (overhead + prompt tokens × prefill + completion tokens × decode, from the tokens it reported) divided by the slots. The ratio splits in two: the simulator's own time over its latency model (from its per-request log, arrival to last byte), and the rest, on the client's side: slot time left idle between one answer's end and the next request's arrival (for static batches this includes each batch waiting for its slowest member), also given in ms per request.",
  'Sweep cost':
    'Two `gkt run`s of a 10/20/30/40 guidance sweep, `teacherPasses: "shared"` and `"separate"`, on simulators; tokens are the completion tokens the server reported in the teacher records, requests are counted by the server.',
  Memory:
    'The paper\'s Table 2 cells for one pair (13B→7B, guidance 10/20/30/40 → 300 and 30/40 → 200, with every baseline) over all 1319 items and over the first 100, on zero-latency simulators; peak RSS is the gkt process\'s own `process.resourceUsage().maxRSS` at exit.',
  Rerun: 'The same command again on the finished paper-size sweep; requests are counted by the servers.',
  'Memory at scale':
    'One single-model baseline (`singles`, L = 300) over synthetic GSM8K-shaped files of 1319, 13190 and 65950 items (the same seed, so each begins with the smaller ones), on one zero-latency `gkt serve --simulate`: `gkt run`, the same command again on the finished run, and `gkt report` of the folder in every format. Peak RSS is each gkt process\'s own `process.resourceUsage().maxRSS` at exit (what `/usr/bin/time -v` reports for it); each larger size is given as a ratio to the 1319-item figure. The rerun\'s requests are counted by the server.',
  'Start-up': '`node bin/gkt --help` and `node -e 0`, run in turns.',
  Viewer:
    'A `gkt run` of one GKT cell and the student alone over 20,000 generated GSM8K-shaped items (zero-latency simulators), then `gkt view` on it and headless Chromium (Debian\'s `chromium`, driven by playwright-core). Each render opens a fresh tab on the page\'s URL and stops the clock when its first row (or the answer) is on screen; the server filters and pages the cell\'s index, and reads item texts only for item pages.',
};

export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '# Benchmarks',
    '',
    'gkt should never be what the GPU waits for: its own cost must vanish next to the servers\', and a sweep must not waste server time. These figures are measured by',
    '',
    '```sh',
    report.command,
    '```',
    '',
    `which prints them, writes them to \`bench/results/latest.json\` and rewrites this page. Each ratio is measured side by side in one run, since absolute times on a shared machine drift. Latest run: ${report.started}, ${Math.round(report.seconds)} s, gkt ${report.gkt.version}${report.gkt.commit ? ` at ${report.gkt.commit.slice(0, 12)}${report.gkt.uncommittedChanges ? ' with uncommitted changes' : ''}` : ''}; Node ${m.node} on ${m.platform}, ${m.cores} × ${m.cpu}, ${m.memoryMb} MB; load average ${m.loadAtStart.join(' ')} at start and ${m.loadAtEnd.join(' ')} at end. **${report.targets.met} of ${report.targets.total} targets met.**`,
  ];
  for (const update of report.updates ?? []) {
    const u = update.machine;
    lines.push(
      '',
      `Measured again since, by \`${update.command}\`: ${update.groups.join(', ')}, at ${update.started}, ${Math.round(update.seconds)} s, gkt ${update.gkt.version}${update.gkt.commit ? ` at ${update.gkt.commit.slice(0, 12)}${update.gkt.uncommittedChanges ? ' with uncommitted changes' : ''}` : ''}; load average ${u.loadAtStart.join(' ')} at start and ${u.loadAtEnd.join(' ')} at end.`,
    );
  }
  for (const [group, figures] of groups(report)) {
    lines.push('', `## ${group}`, '', '| figure | value | target | | note |', '| --- | ---: | --- | --- | --- |');
    let subgroup: string | undefined;
    for (const f of figures) {
      if (f.subgroup !== subgroup && f.subgroup !== undefined) lines.push(`| **${cell(f.subgroup)}** | | | | |`);
      subgroup = f.subgroup;
      const unit = f.unit === 'ratio' ? '' : ` ${unitText(f.value, f.unit)}`;
      lines.push(`| ${cell(f.label)} | ${formatValue(f.value, f.unit)}${unit} | ${formatTarget(f.target, f.unit)} | ${verdict(f.met)} | ${cell(f.note ?? '')} |`);
    }
    const method = METHODS[group];
    if (method !== undefined) lines.push('', method);
  }
  if (report.warnings.length > 0) {
    lines.push('', '## Warnings', '', 'The measured `gkt run`s printed:', '', ...report.warnings.map((w) => `- \`${w}\``));
  }
  return `${lines.join('\n')}\n`;
}
