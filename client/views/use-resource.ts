import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Data fetched for a component, kept while it is fetched again so the page does not flicker. */
export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Fetch again (after a live event, or a change made here). */
  reload: () => void;
  /** Replace the data with a value the server just answered. */
  set: (value: T) => void;
}

/** Fetch with `load` when `deps` change and on `reload()`; answers to superseded requests are dropped. */
export function useResource<T>(load: () => Promise<T>, deps: unknown[]): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const sequence = useRef(0);
  const latest = useRef(load);
  latest.current = load;

  const reload = useCallback(() => {
    const request = ++sequence.current;
    setLoading(true);
    latest.current().then(
      (value) => {
        if (request !== sequence.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (err: unknown) => {
        if (request !== sequence.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setData(null);
    reload();
    return () => {
      sequence.current++;
    };
  }, deps);

  const set = useCallback((value: T) => {
    sequence.current++;
    setData(value);
    setError(null);
    setLoading(false);
  }, []);

  return { data, error, loading, reload, set };
}
