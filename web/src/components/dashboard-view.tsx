// The cells page as a dashboard for a sweep that is still going: items done, errors, rates, ETA, and the phases at work.
import type { Dashboard } from '../../../src/view/api-types.js';
import { ago, count, percent, rate, seconds } from '../format.js';
import { useNow } from '../use-data.js';

const SHOWN = 8;

export function DashboardView({ dashboard, live }: { dashboard: Dashboard; live: boolean }) {
  const now = useNow(5000);
  // Phases at work first, then those begun, then the rest; a long sweep shows the first few.
  const unfinished = dashboard.phases.filter((p) => p.open || p.done < p.planned);
  const rank = (p: (typeof unfinished)[number]) => (p.open ? 0 : p.done > 0 ? 1 : 2);
  const sorted = [...unfinished].sort((a, b) => rank(a) - rank(b));
  const open = sorted.slice(0, SHOWN);
  const more = sorted.length - open.length;
  const complete = dashboard.done >= dashboard.planned;
  return (
    <section class="dashboard" aria-labelledby="progress-heading">
      <h2 id="progress-heading">Progress</h2>
      <div class="meter" role="progressbar" aria-valuemin={0} aria-valuemax={dashboard.planned} aria-valuenow={dashboard.done} aria-label="items recorded">
        <div class="fill" style={{ width: percent(dashboard.done, dashboard.planned) === '–' ? '0%' : percent(dashboard.done, dashboard.planned) }} />
      </div>
      <dl class="stats">
        <div><dt>items recorded</dt><dd data-testid="done">{count(dashboard.done)} / {count(dashboard.planned)} ({percent(dashboard.done, dashboard.planned)})</dd></div>
        <div><dt>failed requests</dt><dd>{count(dashboard.errors)}</dd></div>
        <div><dt>rate (latest session)</dt><dd>{rate(dashboard.rate)}</dd></div>
        <div><dt>ETA at that rate</dt><dd>{complete ? 'done' : seconds(dashboard.etaSeconds)}</dd></div>
        <div><dt>last record</dt><dd>{ago(dashboard.lastActivity, now)}</dd></div>
      </dl>
      {!live && !complete ? <p class="note">A snapshot: it does not change as the run goes on.</p> : null}
      {open.length === 0 ? null : (
        <div class="scroll">
          <table>
            <caption>Phases not finished</caption>
            <thead><tr><th scope="col">Phase</th><th scope="col" class="n">Done</th><th scope="col" class="n">Errors</th><th scope="col" class="n">Rate</th><th scope="col" class="n">ETA</th><th scope="col">Last record</th></tr></thead>
            <tbody>
              {open.map((p) => (
                <tr key={p.id}>
                  <td>{p.open ? <span class="badge running">running</span> : null} {p.label}</td>
                  <td class="n">{count(p.done)} / {count(p.planned)}</td>
                  <td class="n">{count(p.errors)}</td>
                  <td class="n">{rate(p.rate)}</td>
                  <td class="n">{seconds(p.etaSeconds)}</td>
                  <td>{ago(p.lastActivity, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more > 0 ? <p class="note">and {more} more to go</p> : null}
        </div>
      )}
    </section>
  );
}
