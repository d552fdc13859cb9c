// bin/gkt itself, as installed: it runs the built CLI with the process's arguments, streams and exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from '../helpers/cli.js';

describe('bin/gkt', () => {
  it('passes its arguments and stdin to the CLI, and leaves with the exit code the command gave', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await runCliProcess(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });

    const extracted = await runCliProcess(['extract', '--dataset', 'gsm8k', '--json'], { input: 'She pays 3 + 4 = 7. The answer is 7.' });
    expect(extracted.code, extracted.stderr).toBe(0);
    expect(JSON.parse(extracted.stdout)).toMatchObject({ rules: { strict: { answer: '7' }, flexible: { answer: '7' } } });

    const refused = await runCliProcess(['run', '--guidance', 'many']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^gkt: /);
  });
});
