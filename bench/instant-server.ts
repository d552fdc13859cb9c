// An OpenAI-compatible server that answers at once from canned bytes, so that only the client's cost shows.
import { createServer, type Server } from 'node:http';
import { readChatBody, readCompletionBody } from '../src/simulate/request-body.js';
import { cannedAnswer, promptTokens, type CannedAnswer } from './instant-responses.js';

function send(res: import('node:http').ServerResponse, status: number, contentType: string, body: Buffer | string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

export function createInstantServer(): Server {
  const answers = new Map<string, CannedAnswer>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { prompt?: unknown };
        if (req.url === '/tokenize') {
          const count = promptTokens(typeof body.prompt === 'string' ? body.prompt : '');
          return send(res, 200, 'application/json', JSON.stringify({ count, max_model_len: 4096 }));
        }
        const request = req.url === '/v1/chat/completions' ? readChatBody(body) : readCompletionBody(body);
        const key = `${request.endpoint} ${request.model} ${request.maxTokens} ${request.stream} ${request.logprobs}`;
        let answer = answers.get(key);
        if (answer === undefined) {
          answer = cannedAnswer(request);
          answers.set(key, answer);
        }
        send(res, 200, answer.contentType, answer.bytes(promptTokens(request.prompt)));
      } catch (error) {
        send(res, 400, 'application/json', JSON.stringify({ error: { message: (error as Error).message } }));
      }
    });
  });
  // Keep-alive connections stay open for the whole measurement.
  server.keepAliveTimeout = 120_000;
  return server;
}
