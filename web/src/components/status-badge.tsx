// An item's verdict as a word and a colour: correct, wrong, failed request, not recorded yet.

const WORDS = { correct: 'correct', wrong: 'wrong', failed: 'failed request', missing: 'not recorded', answered: 'answered' } as const;

export function StatusBadge({ status }: { status: keyof typeof WORDS }) {
  return <span class={`badge ${status}`}>{WORDS[status]}</span>;
}
