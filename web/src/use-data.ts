// Loads what a page shows and loads it again when its inputs or the run's version change, keeping the old data meanwhile.
import { useEffect, useState } from 'preact/hooks';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export function useData<T>(load: () => Promise<T>, inputs: unknown[]): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let current = true;
    setState((old) => ({ ...old, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState((old) => ({ data: old.data, error: error instanceof Error ? error.message : String(error), loading: false })),
    );
    return () => {
      current = false;
    };
  }, inputs);
  return state;
}

/** The current time, every `ms`: for "12 s ago" that stays true while the page is open. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
