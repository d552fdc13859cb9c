// The cloud-edge view of a GKT cell (paper 4.2): per-user latency, users served at once, bytes sent per user.
import { perItemSeconds, sharePercent } from './arithmetic.js';
import type { CellMetrics } from './metrics-types.js';

export interface CloudEdgeView {
  id: string;
  /** Items the phases' times cover. */
  items: number;
  teacherPerItem: number | null;
  studentPerItem: number | null;
  /** Teacher pass time / items + student phase time / items. */
  perUserLatency: number | null;
  /** The teacher's batch size: users whose guidance the cloud writes at once. */
  usersAtOnce: number | null;
  /** The serial teacher-alone cell's time per item: one user at a time. */
  teacherAlonePerItem: number | null;
  guidanceBytes: number | null;
  /** The teacher-alone baseline's mean answer bytes: what the cloud would send without GKT. */
  fullAnswerBytes: number | null;
  bytesShare: number | null;
}

export function cloudEdgeViews(metrics: readonly CellMetrics[]): CloudEdgeView[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  return metrics.flatMap((m) => {
    if (m.teacher === null) return [];
    const items = m.items.present;
    const teacherPerItem = perItemSeconds(m.time.teacher?.seconds ?? null, items);
    const studentPerItem = perItemSeconds(m.time.student.seconds, items);
    const alone = m.baselines.teacherAlone === null ? undefined : byId.get(m.baselines.teacherAlone);
    const batching = m.teacher.batching;
    const guidanceBytes = m.guidance?.meanBytes ?? null;
    const fullAnswerBytes = alone?.answerBytes ?? null;
    return [{
      id: m.id,
      items,
      teacherPerItem,
      studentPerItem,
      perUserLatency: teacherPerItem === null || studentPerItem === null ? null : teacherPerItem + studentPerItem,
      usersAtOnce: batching === null ? null : batching.kind === 'serial' ? 1 : batching.size,
      teacherAlonePerItem: alone === undefined ? null : perItemSeconds(alone.time.totalSeconds, alone.items.present),
      guidanceBytes,
      fullAnswerBytes,
      bytesShare: sharePercent(guidanceBytes, fullAnswerBytes),
    }];
  });
}
