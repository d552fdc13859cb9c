// The prompt up to the answer: instruction, the exemplars folded away (fetched when unfolded), then the question.
import { useEffect, useState } from 'preact/hooks';
import type { ItemDetail, Span } from '../../../src/view/api-types.js';
import type { DataSource } from '../source.js';
import { MarkedText, type TextRange } from './marked-text.js';

function within(span: Span | null, from: number, to: number): TextRange[] {
  if (span === null || span.end <= from || span.start >= to) return [];
  return [{ start: Math.max(span.start, from) - from, end: Math.min(span.end, to) - from, kind: 'match', label: 'matched by the rule, in the prompt' }];
}

/** `span` is a rule's match in the prompt (the reference rule reads prompt and answer as one text). */
export function PromptView({ source, detail, span }: { source: DataSource; detail: ItemDetail; span: Span | null }) {
  const prompt = detail.prompt;
  const [open, setOpen] = useState(false);
  const [exemplars, setExemplars] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inExemplars = prompt !== null && span !== null && span.start < prompt.exemplarChars;
  useEffect(() => {
    if (inExemplars) setOpen(true);
  }, [inExemplars, detail.item]);
  useEffect(() => {
    if (!open || exemplars !== null) return;
    source.prompt(detail.cell.id).then(
      (payload) => setExemplars(payload?.exemplars ?? ''),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [open, detail.cell.id]);
  if (prompt === null) return <p class="note">The run folders hold no prompt file matching this cell's exemplars.</p>;
  const tailStart = prompt.exemplarChars;
  return (
    <div class="prompt">
      {prompt.instruction === '' ? null : (
        <p class="note">The teacher's prompt starts with the projection instruction <q class="mono">{prompt.instruction}</q>; the student's does not.</p>
      )}
      <details open={open} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
        <summary>{prompt.shots} exemplars ({prompt.exemplarChars.toLocaleString('en-US')} characters){inExemplars ? ' · holds the highlighted match' : ''}</summary>
        {error !== null ? <p class="warn">{error}</p> : null}
        {exemplars === null ? (open ? <p class="note">Loading…</p> : null) : (
          <pre class="text">
            <MarkedText text={exemplars} ranges={within(span, 0, tailStart)} />
          </pre>
        )}
      </details>
      <pre class="text">
        <MarkedText text={prompt.tail} ranges={within(span, tailStart, tailStart + prompt.tail.length)} />
      </pre>
    </div>
  );
}
