// Speculative decoding as a baseline: the draft counts a server reports, its acceptance counters, and the vocabulary check.
import type { ResolvedModel } from '../../config/resolved.js';
import { authorization } from '../../models/endpoint-auth.js';
import { readSpecCounters, tokenIds, type SpecCounters } from '../../models/server-figures.js';
import type { Generation } from '../../models/types.js';
import type { AcceptanceRecord, DraftCounts, VocabularyRecord } from '../../results/method-records.js';

/** llama.cpp's per-request draft counts (`timings.draft_n`, `timings.draft_n_accepted`), where it reports them. */
export function draftCounts(generation: Generation): { draft?: DraftCounts } {
  const drafted = generation.serverTimings?.['draft_n'];
  const accepted = generation.serverTimings?.['draft_n_accepted'];
  return drafted === undefined || accepted === undefined ? {} : { draft: { drafted, accepted } };
}

/** Texts both servers tokenize: the run's own prompt, and a few that tell vocabularies apart (digits, spacing, non-ASCII). */
export const VOCABULARY_PROBES = [' The answer is 1,234.5.\n\nQ: 18 + 24 = ?\nA:', 'naïve café — 東京 🚀\t  x'];

function excerpt(text: string): string {
  const flat = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  return flat;
}

/**
 * Asks the speculative server and the server of its draft alone to tokenize the same texts, and compares the
 * ids. A draft of another vocabulary is what vLLM and llama.cpp refuse at start-up, or what makes drafts useless.
 */
export async function checkVocabulary(
  speculative: ResolvedModel,
  named: { key: string; model: ResolvedModel | null } | null,
  probes: readonly string[],
  at: { session: string; wall: () => Date; signal: AbortSignal },
): Promise<VocabularyRecord> {
  const head = { type: 'vocabulary' as const, session: at.session, draft: named?.key ?? null };
  const done = (result: VocabularyRecord['result'], detail: string): VocabularyRecord => ({ ...head, result, detail, wall: at.wall().toISOString() });
  if (named === null) return done('unchecked', `${speculative.key} names no draftServer: give one (a model serving the draft alone) to compare vocabularies`);
  const draft = named.model;
  if (draft === null) return done('unchecked', `${named.key}, the draft's server, was not started or reached in this run`);
  const url = (m: ResolvedModel) => m.endpoint.urls[0];
  const speculativeUrl = url(speculative);
  const draftUrl = url(draft);
  if (speculativeUrl === undefined || draftUrl === undefined) return done('unchecked', 'one of the two servers has no URL');
  const ask = (m: ResolvedModel, url: string) => ({ authorization: authorization(m.endpoint, url), timeoutMs: m.endpoint.timeoutMs, signal: at.signal });
  let chars = 0;
  for (const probe of probes) {
    const [mine, theirs] = await Promise.all([
      tokenIds(speculative.endpoint.kind, speculative.endpoint.servedModel, speculativeUrl, probe, ask(speculative, speculativeUrl)),
      tokenIds(draft.endpoint.kind, draft.endpoint.servedModel, draftUrl, probe, ask(draft, draftUrl)),
    ]);
    if (mine === null || theirs === null) {
      const silent = mine === null ? `${speculative.key} (${speculativeUrl})` : `${draft.key} (${draftUrl})`;
      return done('unchecked', `${silent} did not tokenize through /tokenize`);
    }
    const differ = mine.findIndex((id, i) => theirs[i] !== id);
    if (differ !== -1 || mine.length !== theirs.length) {
      const i = differ === -1 ? Math.min(mine.length, theirs.length) : differ;
      return done('different', `${excerpt(probe)}: ${speculative.key} gives ${mine.length} tokens, ${draft.key} ${theirs.length}; first difference at token ${i} (${String(mine[i] ?? 'none')} against ${String(theirs[i] ?? 'none')})`);
    }
    chars += probe.length;
  }
  return done('same', `${probes.length} texts (${chars} characters) tokenized into the same ids by ${speculative.key} and ${draft.key}`);
}

/** The spec-decode counters of every replica, summed; null when none reports them. */
export async function readAcceptance(speculative: ResolvedModel, signal: AbortSignal): Promise<SpecCounters | null> {
  let total: SpecCounters | null = null;
  for (const url of speculative.endpoint.urls) {
    const counters = await readSpecCounters(url, { authorization: authorization(speculative.endpoint, url), timeoutMs: speculative.endpoint.timeoutMs, signal });
    if (counters === null) continue;
    total = total === null ? counters : { drafts: total.drafts + counters.drafts, draftTokens: total.draftTokens + counters.draftTokens, acceptedTokens: total.acceptedTokens + counters.acceptedTokens };
  }
  return total;
}

/** The counters' growth over a phase, as a record line; null without both readings. */
export function acceptanceRecord(before: SpecCounters | null, after: SpecCounters | null, speculative: ResolvedModel, at: { session: string; wall: Date }): AcceptanceRecord | null {
  if (before === null || after === null) return null;
  return {
    type: 'acceptance',
    session: at.session,
    url: speculative.endpoint.urls.join(' | '),
    drafts: after.drafts - before.drafts,
    draftTokens: after.draftTokens - before.draftTokens,
    acceptedTokens: after.acceptedTokens - before.acceptedTokens,
    wall: at.wall.toISOString(),
  };
}
