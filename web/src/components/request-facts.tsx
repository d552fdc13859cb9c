// Tokens, finish reason, attempts, cache and latency of the teacher's and the student's request, side by side.
import type { ItemDetail, RequestFacts } from '../../../src/view/api-types.js';
import { count, millis } from '../format.js';

function row(label: string, pick: (facts: RequestFacts) => string, columns: Array<RequestFacts | null>) {
  return (
    <tr>
      <th scope="row">{label}</th>
      {columns.map((facts, i) => <td key={i} class="mono">{facts === null ? '–' : pick(facts)}</td>)}
    </tr>
  );
}

export function RequestTable({ detail }: { detail: ItemDetail }) {
  const teacher = detail.guidance?.request ?? null;
  const columns = detail.guidance === null ? [detail.student] : [teacher, detail.student];
  const heads = detail.guidance === null ? ['model alone'] : ['teacher (guidance)', 'student'];
  return (
    <div class="scroll">
      <table class="facts">
        <thead><tr><th scope="col"><span class="sr">fact</span></th>{heads.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
        <tbody>
          {row('response model', (f) => f.responseModel ?? '–', columns)}
          {row('prompt tokens', (f) => count(f.promptTokens), columns)}
          {row('completion tokens', (f) => count(f.completionTokens), columns)}
          {row('finish reason', (f) => f.finishReason ?? '–', columns)}
          {row('attempts', (f) => count(f.attempts), columns)}
          {row('from the cache', (f) => (f.cached ? 'yes (time not measured)' : 'no'), columns)}
          {row('latency', (f) => millis(f.latencyMs), columns)}
        </tbody>
      </table>
      {detail.guidance === null ? null : (
        <p class="note">
          Guidance: {detail.guidance.tokens} tokens{detail.guidance.derived ? ', cut from a longer teacher pass (its latency is the arrival of token N)' : ''}.
        </p>
      )}
    </div>
  );
}
