// Credentials in a model URL: taken out of it, sent as basic auth on every route, and never shown.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { resolveSweep } from '../../src/config/resolve.js';
import { buildModelApi } from '../../src/models/build.js';
import { redactUrlCredentials, splitCredentials, withoutUrlCredentials } from '../../src/models/credentials.js';
import { authorization, endpointSecrets } from '../../src/models/endpoint-auth.js';
import { probeModels } from '../../src/models/probe.js';
import { answer, fault } from '../helpers/fake-replies.js';
import { endpoint, failureOf, never, request, withFake } from './helpers.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('splitCredentials', () => {
  it.each([
    ['http://gkt:s3cret@127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1', basic('gkt', 's3cret')],
    ['https://gkt:p%40ss%3Aword@host.example/v1', 'https://host.example/v1', basic('gkt', 'p@ss:word')],
    ['http://token@10.0.0.1:8080', 'http://10.0.0.1:8080', basic('token', '')],
    ['http://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/v1', null],
  ])('%s → %s', (given, url, header) => {
    const split = splitCredentials(given);
    expect(split.url).toBe(url);
    expect(split.credentials?.header() ?? null).toBe(header);
  });

  it('shows nothing of them when printed, inspected or serialised', () => {
    const { credentials } = splitCredentials('http://gkt:s3cret-pw@127.0.0.1:8000/v1');
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- a template literal is one of the ways it could be shown
    for (const shown of [JSON.stringify({ credentials }), String(credentials), inspect({ credentials }), `${credentials}`]) {
      expect(shown).not.toContain('s3cret');
      expect(shown).not.toContain(basic('gkt', 's3cret-pw').slice(6));
      expect(shown).toContain('[redacted]');
    }
  });

  it('knows every form a server could echo the password in', () => {
    const { url, credentials } = splitCredentials('http://gkt:p%40ss-word@127.0.0.1:8000/v1');
    const secrets = endpointSecrets({ apiKey: null, credentials: { [url]: credentials! } });
    expect(secrets).toEqual(expect.arrayContaining(['p%40ss-word', 'p@ss-word', basic('gkt', 'p@ss-word'), basic('gkt', 'p@ss-word').slice(6)]));
  });
});

describe('a config with a password in a URL', () => {
  it('resolves to the URL without it, the credentials kept apart and shown nowhere', () => {
    const config = parseConfig(
      JSON.stringify({
        name: 'demo',
        models: {
          teacher: { kind: 'llamacpp', urls: ['http://gkt:pw-resolve-1@10.0.0.1:8080/v1/', 'http://10.0.0.2:8080/v1'], model: 'm', contextLength: 4096 },
          student: { kind: 'vllm', url: 'http://127.0.0.1:8001/v1', model: 's', contextLength: 4096 },
        },
        datasets: [{ name: 'gsm8k' }],
        pairs: [{ teacher: 'teacher', student: 'student' }],
        requests: { serverWaitSeconds: 5 },
      }),
      'configs/x.json',
      {},
    );
    const sweep = resolveSweep(config, { baseDir: 'configs', env: {}, datasetsDir: 'datasets', resultsDir: 'results' });
    const teacher = sweep.models.teacher!.endpoint;
    expect(teacher.urls).toEqual(['http://10.0.0.1:8080/v1', 'http://10.0.0.2:8080/v1']);
    expect(authorization(teacher, 'http://10.0.0.1:8080/v1')).toBe(basic('gkt', 'pw-resolve-1'));
    expect(authorization(teacher, 'http://10.0.0.2:8080/v1')).toBeNull();
    expect(JSON.stringify(sweep)).not.toContain('pw-resolve-1');
    expect(sweep.requests.serverWaitMs).toBe(5000);
  });
});

describe('redacting URLs in text and JSON', () => {
  it('cuts user and password from every URL, and leaves other text and URLs alone', () => {
    expect(redactUrlCredentials('--teacher-url=http://u:p@ss@h:1/v1 and https://h2/v1?to=a@b, mail a@b')).toBe(
      '--teacher-url=http://[redacted]@h:1/v1 and https://h2/v1?to=a@b, mail a@b',
    );
    expect(withoutUrlCredentials({ models: { t: { urls: ['http://u:pw@h/v1'], n: 3 } }, argv: ['run', 'http://u:pw@h/v1'] })).toEqual({
      models: { t: { urls: ['http://[redacted]@h/v1'], n: 3 } },
      argv: ['run', 'http://[redacted]@h/v1'],
    });
  });
});

describe('basic auth on every route', () => {
  it('is sent with generations (streamed or whole), /tokenize and the model listing, and the password never reaches an error', async () => {
    const password = 'pw-0123456789';
    await withFake({ answer: (_r, n) => (n === 3 ? fault.status(401, { message: `bad password ${password} in ${basic('gkt', password)}` }) : answer('The answer is 42.')) }, async (fake) => {
      const { url, credentials } = splitCredentials(fake.url.replace('http://', `http://gkt:${password}@`));
      const guarded = endpoint({ kind: 'llamacpp', urls: [url], credentials: { [url]: credentials! } });
      const api = buildModelApi(guarded, { cacheDir: null, retry: { attempts: 1 } });
      await api.generate(request(), never);
      await api.generate(request({ stream: true }), never);
      const error = await failureOf(api.generate(request(), never));
      expect(error.message).toContain('bad password [redacted] in [redacted]');
      expect(error.message).not.toContain(password);
      await probeModels(url, 'llamacpp', { authorization: authorization(guarded, url), timeoutMs: 2000, signal: never });
      expect(fake.received('tokenize').length).toBeGreaterThan(0);
      for (const seen of fake.requests) expect(seen.headers.authorization, seen.path).toBe(basic('gkt', password));
    });
  });

  it('with Ollama’s native API too', async () => {
    await withFake({ model: 'llama2:13b-text' }, async (fake) => {
      const { url, credentials } = splitCredentials(fake.url.replace('http://', 'http://gkt:pw-ollama@'));
      const api = buildModelApi(endpoint({ kind: 'ollama', api: 'ollama', servedModel: 'llama2:13b-text', urls: [url], credentials: { [url]: credentials! } }), { cacheDir: null, retry: { attempts: 1 } });
      await api.generate(request({ stream: true }), never);
      expect(fake.received('generate')[0]!.headers.authorization).toBe(basic('gkt', 'pw-ollama'));
    });
  });
});
