declare module 'fastify' {
  interface FastifyInstance {
    /** Per-person nudges (new notifications), relayed to that person's browsers by `GET /events/me`. */
    personalEvents: PersonalBus;
  }
}

type Listener = () => void;

/**
 * Publish/subscribe keyed by person: "something of yours changed", carrying nothing itself. Nudges are relayed to
 * the other instances (`relay`), whose listeners hear them through `deliver`.
 */
export class PersonalBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(private readonly relay?: (userIds: string[]) => void) {}

  /** Listen to one person's nudges; returns the function that stops listening. */
  subscribe(userId: string, listener: Listener): () => void {
    let set = this.listeners.get(userId);
    if (!set) this.listeners.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(userId);
    };
  }

  /** Nudge every listener of each of these people, here and on the other instances. */
  nudge(userIds: Iterable<string>): void {
    const people = [...userIds];
    this.deliver(people);
    if (people.length) this.relay?.(people);
  }

  /** Nudge this instance's listeners of each of these people (told by another instance). */
  deliver(userIds: Iterable<string>): void {
    for (const userId of userIds) for (const listener of this.listeners.get(userId) ?? []) listener();
  }
}
