declare module 'fastify' {
  interface FastifyInstance {
    /** Per-person nudges (new notifications), relayed to that person's browsers by `GET /events/me`. */
    personalEvents: PersonalBus;
  }
}

type Listener = () => void;

/** In-process publish/subscribe keyed by person: "something of yours changed", carrying nothing itself. */
export class PersonalBus {
  private readonly listeners = new Map<string, Set<Listener>>();

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

  /** Nudge every listener of each of these people. */
  nudge(userIds: Iterable<string>): void {
    for (const userId of userIds) for (const listener of this.listeners.get(userId) ?? []) listener();
  }
}
