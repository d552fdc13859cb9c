// The yardstick for client overhead: node:http with an Agent (kept-alive connections, or a new one per request), reading each answer with the least work that still reads all of it.
import { Agent, request as httpRequest } from 'node:http';

export interface BareAnswer {
  text: string;
  /** Token pieces seen in logprobs, when asked for. */
  tokens: number;
  completionTokens: number | null;
}

export interface BareClient {
  send(body: Record<string, unknown>): Promise<BareAnswer>;
  close(): void;
}

/** Reads an event stream's `data:` events as they arrive, each parsed once, scanning each byte once. */
export class EventReader {
  private pending = '';
  readonly answer: BareAnswer = { text: '', tokens: 0, completionTokens: null };

  push(chunk: string): void {
    this.pending += chunk;
    let from = 0;
    for (let end = this.pending.indexOf('\n\n'); end !== -1; end = this.pending.indexOf('\n\n', from)) {
      this.event(this.pending.slice(from, end));
      from = end + 2;
    }
    this.pending = this.pending.slice(from);
  }

  private event(block: string): void {
    if (!block.startsWith('data: ')) return;
    const data = block.slice(6);
    if (data === '[DONE]') return;
    readChunk(JSON.parse(data) as Chunk, this.answer);
  }
}

interface Chunk {
  choices?: Array<{ text?: string; logprobs?: { tokens?: string[] } | null }>;
  usage?: { completion_tokens?: number } | null;
}

function readChunk(chunk: Chunk, answer: BareAnswer): void {
  const choice = chunk.choices?.[0];
  if (choice !== undefined) {
    if (typeof choice.text !== 'string') throw new Error('a chunk without text');
    answer.text += choice.text;
    answer.tokens += choice.logprobs?.tokens?.length ?? 0;
  }
  if (typeof chunk.usage?.completion_tokens === 'number') answer.completionTokens = chunk.usage.completion_tokens;
}

/**
 * `keepAlive: false` opens a new connection for every request: the least a client can do against a
 * server that closes each connection after its answer anyway (llama.cpp's streamed answers).
 */
export function bareClient(baseUrl: string, path: string, concurrency: number, keepAlive = true): BareClient {
  const url = new URL(`${baseUrl}${path}`);
  const agent = new Agent({ keepAlive, maxSockets: concurrency });
  return {
    send: (body) =>
      new Promise<BareAnswer>((resolve, reject) => {
        const payload = JSON.stringify(body);
        const req = httpRequest(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
          (res) => {
            res.setEncoding('utf8');
            if (res.statusCode !== 200) {
              res.resume();
              reject(new Error(`POST ${url.href}: HTTP ${res.statusCode}`));
              return;
            }
            const streamed = (res.headers['content-type'] ?? '').startsWith('text/event-stream');
            const reader = new EventReader();
            let whole = '';
            res.on('data', (chunk: string) => (streamed ? reader.push(chunk) : (whole += chunk)));
            res.on('error', reject);
            res.on('end', () => {
              try {
                if (streamed) return resolve(reader.answer);
                const answer: BareAnswer = { text: '', tokens: 0, completionTokens: null };
                readChunk(JSON.parse(whole) as Chunk, answer);
                resolve(answer);
              } catch (error) {
                reject(error as Error);
              }
            });
          },
        );
        req.on('error', reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}
