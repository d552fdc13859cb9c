// Each rule's answer and why: what fired, what it matched and where; the chosen rule's match is the one highlighted.
import type { RuleName } from '../../../src/vocabulary.js';
import type { RuleEvidence } from '../../../src/view/api-types.js';
import { StatusBadge } from './status-badge.js';

function where(evidence: RuleEvidence): string {
  if (evidence.matched === null) return '–';
  if (evidence.where === 'answer') return 'in the answer';
  if (evidence.where === 'prompt') return 'in the prompt';
  return 'not located';
}

/** Without `onRule` the rule names are plain text; `compact` leaves out where and how (they show on hover). */
export function EvidenceTable({ rules, rule, onRule, caption, compact = false }: { rules: RuleEvidence[]; rule: RuleName; onRule?: (rule: RuleName) => void; caption: string; compact?: boolean }) {
  return (
    <div class="scroll">
      <table class="evidence">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th><th scope="col">Answer</th><th scope="col">Verdict</th><th scope="col">Matched</th>
            {compact ? null : <><th scope="col">Where</th><th scope="col">How</th></>}
          </tr>
        </thead>
        <tbody>
          {rules.map((e) => (
            <tr key={e.rule} class={onRule !== undefined && e.rule === rule ? 'chosen' : ''} title={compact ? `${where(e)}: ${e.explanation}` : undefined}>
              <th scope="row">
                {onRule === undefined ? e.rule : (
                  <button type="button" class="link" aria-pressed={e.rule === rule} onClick={() => onRule(e.rule)} title="highlight this rule's match">
                    {e.rule}
                  </button>
                )}
              </th>
              <td class="mono">{e.answer ?? '(none)'}{e.fallback ? ' (random fallback)' : ''}</td>
              <td>
                <StatusBadge status={e.correct ? 'correct' : 'wrong'} />
                {e.stored === null ? null : <span class="note"> stored: {e.stored.answer ?? '(none)'}, {e.stored.correct ? 'correct' : 'wrong'}</span>}
              </td>
              <td class="mono">{e.matched ?? '–'}</td>
              {compact ? null : <><td>{where(e)}</td><td class="explain">{e.explanation}</td></>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
