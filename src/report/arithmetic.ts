// The paper's derived columns as functions of its raw columns: Δ(ACC), Speed Up, GKT time, per-user latency.

/** GKT time: the teacher pass (guidance for every item) plus the student phase. */
export function gktSeconds(teacherSeconds: number, studentSeconds: number): number {
  return teacherSeconds + studentSeconds;
}

/** Speed Up = Time(teacher alone) / Time(GKT); null when either time is unknown or GKT took no time. */
export function speedUp(baselineSeconds: number | null, gktTime: number | null): number | null {
  if (baselineSeconds === null || gktTime === null || gktTime <= 0) return null;
  return baselineSeconds / gktTime;
}

/** Δ(ACC) in percentage points: ACC(GKT) − ACC(student alone). */
export function deltaAcc(gktPercent: number, baselinePercent: number): number {
  return gktPercent - baselinePercent;
}

/** Seconds per item of a phase over the whole dataset (the paper's 14215.12 ÷ 1319 = 10.78 s). */
export function perItemSeconds(phaseSeconds: number | null, items: number): number | null {
  if (phaseSeconds === null || items <= 0) return null;
  return phaseSeconds / items;
}

/** A share in percent, e.g. GKT's accuracy as a share of the teacher's (64.75 / 68.16 = 95.00%). */
export function sharePercent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return (100 * part) / whole;
}

export function percent(correct: number, total: number): number {
  return total > 0 ? (100 * correct) / total : 0;
}
