// The Pareto front of accuracy against time: the cells no other cell beats on both at once.

export interface TradeOffPoint {
  seconds: number;
  acc: number;
}

/**
 * For each point, whether it is on the front: no other point is at least as fast and at least as
 * accurate while strictly better on one of the two.
 */
export function paretoFront(points: readonly TradeOffPoint[]): boolean[] {
  return points.map((p) => !points.some((q) =>
    q.seconds <= p.seconds && q.acc >= p.acc && (q.seconds < p.seconds || q.acc > p.acc)));
}
