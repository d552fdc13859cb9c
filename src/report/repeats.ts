// Repeats: cells identical but for repeat and seed, grouped so tables can give mean ± sd.
import { canonicalJson } from '../util/hash.js';
import { mean, sampleSd } from './statistics.js';
import type { CellMetrics } from './metrics-types.js';

export interface RepeatGroup {
  key: string;
  /** Members in repeat order. */
  members: CellMetrics[];
}

export interface GroupStat {
  mean: number | null;
  /** Sample sd over members with a value; null below two. */
  sd: number | null;
  /** Members with a value. */
  n: number;
}

/** What makes two cells the same configuration: everything but repeat, seed, id, label and pass id. */
export function repeatKey(m: CellMetrics): string {
  return canonicalJson({
    kind: m.kind,
    dataset: m.dataset,
    format: m.format,
    shots: m.shots,
    prompt: m.promptSha256,
    data: m.datasetSha256,
    sampling: m.sampling,
    mode: m.mode,
    teacher: m.teacher === null ? null : { model: m.teacher.model, n: m.teacher.guidanceTokens, projection: m.teacher.projection, batching: m.teacher.batching },
    student: { model: m.student.model, l: m.student.maxTokens, batching: m.student.batching },
  });
}

/** Groups in order of first appearance. */
export function repeatGroups(metrics: readonly CellMetrics[]): RepeatGroup[] {
  const groups = new Map<string, RepeatGroup>();
  for (const m of metrics) {
    const key = repeatKey(m);
    const group = groups.get(key) ?? { key, members: [] };
    group.members.push(m);
    groups.set(key, group);
  }
  for (const group of groups.values()) group.members.sort((a, b) => a.repeat - b.repeat);
  return [...groups.values()];
}

export function groupStat(group: RepeatGroup, pick: (m: CellMetrics) => number | null): GroupStat {
  const values = group.members.map(pick).filter((v): v is number => v !== null);
  return { mean: mean(values), sd: sampleSd(values), n: values.length };
}

/** The group's first member: fields every member shares (models, lengths, dataset) are read from it. */
export function representative(group: RepeatGroup): CellMetrics {
  const first = group.members[0];
  if (first === undefined) throw new Error('a repeat group has at least one member');
  return first;
}
