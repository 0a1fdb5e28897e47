/**
 * Values computed once per key for the life of the thread (a worker renders many documents), dropped all at once
 * when `max` keys are held, so arbitrary input cannot grow it without bound.
 */
export class Memo<V> {
  private readonly values = new Map<string, V>();

  constructor(private readonly max: number) {}

  /** The value for `key` if it is held. */
  peek(key: string): V | undefined {
    return this.values.get(key);
  }

  /** The value for `key`, made by `make` the first time it is asked for. */
  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.max) this.values.clear();
      value = make();
      this.values.set(key, value);
    }
    return value;
  }
}
