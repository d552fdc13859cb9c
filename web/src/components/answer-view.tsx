// The answer the rules read: the teacher's guidance or a method's teacher segments (marked) and the student's text as one text, a rule's match highlighted.
import type { ItemDetail, RuleEvidence } from '../../../src/view/api-types.js';
import { MarkedText, type TextRange } from './marked-text.js';

function answerRanges(detail: ItemDetail, evidence: RuleEvidence | undefined): TextRange[] {
  const ranges: TextRange[] = [];
  if (detail.guidanceChars > 0) ranges.push({ start: 0, end: detail.guidanceChars, kind: 'guidance', label: 'teacher guidance' });
  for (const span of detail.teacherSpans) ranges.push({ ...span, kind: 'guidance', label: 'written by the teacher' });
  if (evidence?.where === 'answer' && evidence.span !== null) {
    ranges.push({ start: evidence.span.start, end: evidence.span.end, kind: 'match', label: `matched by the ${evidence.rule} rule` });
  }
  return ranges;
}

export function AnswerView({ detail, evidence }: { detail: ItemDetail; evidence: RuleEvidence | undefined }) {
  if (detail.status === 'missing') return <p class="note">No record for this item yet.</p>;
  const guided = detail.guidance !== null;
  return (
    <div>
      <p class="legend">
        {guided ? <><span class="key guidance">teacher guidance</span> then the student's continuation · </> : null}
        {detail.teacherSpans.length > 0 ? <><span class="key guidance">written by the teacher</span>, the rest by the student · </> : null}
        <mark class="key match">{evidence?.rule ?? 'rule'} match</mark>
        {evidence !== undefined && evidence.matched !== null && evidence.where === 'prompt' ? ' (in the prompt, below)' : null}
        {evidence !== undefined && evidence.matched === null ? ' (nothing matched)' : null}
      </p>
      <pre class="text answer" data-testid="answer">
        <MarkedText text={detail.answer} ranges={answerRanges(detail, evidence)} seam={guided ? detail.guidanceChars : null} />
      </pre>
    </div>
  );
}
