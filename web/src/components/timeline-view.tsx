// An item's requests on a time axis per session: the teacher's bar with token N marked, the student's after it.
import type { Timeline } from '../../../src/view/api-types.js';
import { millis } from '../format.js';

const pct = (value: number, length: number): string => `${length <= 0 ? 0 : (100 * value) / length}%`;

export function TimelineView({ timeline }: { timeline: Timeline }) {
  if (timeline.axes.length === 0) return <p class="note">No request times were recorded for this item.</p>;
  return (
    <div class="timeline">
      {timeline.axes.length > 1 ? <p class="note">The requests ran in different sessions (a resumed run): each has its own clock.</p> : null}
      {timeline.axes.map((axis) => (
        <figure key={axis.session} class="axis">
          {axis.bars.map((bar) => (
            <div class="lane" key={bar.label}>
              <span class="lane-label">{bar.label}</span>
              <div class="track">
                <div
                  class={`bar ${bar.role}`}
                  style={{ left: pct(bar.start, axis.length), width: pct(Math.max(bar.end - bar.start, axis.length / 400), axis.length) }}
                  title={`${bar.label}: ${millis(bar.start)} to ${millis(bar.end)} (${millis(bar.end - bar.start)})`}
                />
                {bar.ticks.map((tick) => (
                  <span class="tick" key={tick.label} style={{ left: pct(tick.at, axis.length) }} title={`${tick.label} at ${millis(tick.at)}`} />
                ))}
              </div>
              <span class="lane-time">{millis(bar.start)} → {millis(bar.end)}{bar.ticks.map((t) => ` · ${t.label} ${millis(t.at)}`).join('')}</span>
            </div>
          ))}
          <figcaption class="note">session {axis.session}: 0 to {millis(axis.length)}</figcaption>
        </figure>
      ))}
    </div>
  );
}
