// The flags every scheduler task hands to `gkt run`, so that each shard splits the same selection of items.

export interface TaskRunOptions {
  runName?: string;
  limit?: number;
  sample?: number;
  seed?: number;
  separateTeacherPasses?: boolean;
  cache?: boolean;
}

export function taskRunFlags(options: TaskRunOptions): string[] {
  return [
    ...(options.runName !== undefined ? ['--run-name', options.runName] : []),
    ...(options.limit !== undefined ? ['--limit', String(options.limit)] : []),
    ...(options.sample !== undefined ? ['--sample', String(options.sample)] : []),
    ...(options.seed !== undefined ? ['--seed', String(options.seed)] : []),
    ...(options.separateTeacherPasses ? ['--separate-teacher-passes'] : []),
    ...(options.cache === false ? ['--no-cache'] : []),
  ];
}
