import fp from 'fastify-plugin';
import type { Domain, Happening } from '../domain/context.js';
import { settleSupports } from '../domain/supports.js';
import { directEditSink, recoverDirectEdits } from '../domain/direct-edits.js';
import { EventBus } from '../events/bus.js';
import { fillDisplayNameKeys } from '../domain/accounts.js';
import { eventFor } from '../events/announce.js';
import { PersonalBus } from '../events/personal-bus.js';
import { notifyHappening } from '../domain/notifications.js';
import { sendConsultationNotices } from '../domain/notifications-schedule.js';
import { applyRoleChange } from '../collab/socket.js';
import { runAlone } from '../db/singleton.js';
import { sharedDatabase } from '../db/instance-lock.js';
import type { Role } from '../../shared/validation/api.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** What every domain function is handed (server/domain/context.ts). */
    domain: Domain;
  }
}

/**
 * Creates the `Domain` handed to every domain function, and is the one place where what a committed command did
 * turns into its consequences: an event to the rulebook's viewers, live connections following a role change, and
 * notifications to the people concerned (a nudge to their open pages).
 * (The audit entry was written inside the command's transaction.) Also records settled supports periodically.
 */
export const domainPlugin = fp<{ supportSettleMs: number; editQuietMs: number }>(
  async (app, opts) => {
    const { fanout } = app;
    const events = new EventBus();
    const personalEvents = new PersonalBus(fanout ? (userIds) => fanout.publishSignal({ type: 'nudge', userIds }) : undefined);
    // What other instances did: their events, nudges and role changes reach the people connected here.
    fanout?.onEvent((rulebookId, json) => events.deliver(rulebookId, json));
    fanout?.onSignal((signal) => {
      if (signal.type === 'nudge') personalEvents.deliver(signal.userIds);
      else if (signal.type === 'role') applyRoleChange(app.docs, signal.rulebookId, signal.userId, signal.role);
      else if (signal.type === 'changed') app.readCache.changed(signal.rulebookId);
    });
    let following = Promise.resolve();
    const follow = async (happening: Happening) => {
      const event = await eventFor(domain, happening);
      if (event) {
        const json = events.publish(happening.rulebookId, event);
        fanout?.publishEvent(happening.rulebookId, json);
      }
      if (happening.type === 'membership.set' || happening.type === 'membership.left' || happening.type === 'membership.removed') {
        const change = { rulebookId: happening.rulebookId, userId: String(happening.payload.userId), role: happening.type === 'membership.set' ? (happening.payload.role as Role) : null };
        applyRoleChange(app.docs, change.rulebookId, change.userId, change.role);
        fanout?.publishSignal({ type: 'role', ...change });
      }
      personalEvents.nudge(await notifyHappening(domain, happening));
      if (happening.type === 'window.set') personalEvents.nudge(await sendConsultationNotices(domain));
    };
    const domain: Domain = {
      db: app.db,
      docs: app.docs,
      clock: () => new Date(),
      supportSettleMs: opts.supportSettleMs,
      mail: app.mailer,
      changed: (rulebookId) => {
        app.readCache.changed(rulebookId);
        fanout?.publishSignal({ type: 'changed', rulebookId });
      },
      announce: (happenings) => {
        for (const happening of happenings) {
          // The change is committed: a failure here must not turn the request into an error.
          // In order: each happening's consequences follow the previous one's.
          following = following.then(() => follow(happening)).catch((err: unknown) => app.log.error({ err, type: happening.type }, 'could not announce a change'));
        }
      },
    };
    app.decorate('events', events);
    app.decorate('personalEvents', personalEvents);
    app.decorate('domain', domain);
    // A draft update (typed, or heard from another instance) changes what the rulebook's pages show.
    app.docs.onChange((rulebookId) => app.readCache.changed(rulebookId));
    // Organisers' direct edits of the draft are recorded per article once they go quiet; those a stopped server
    // left pending are recorded first (by one instance at a time: each is recorded once anyway).
    app.docs.journalEdits({
      quietMs: opts.editQuietMs,
      sink: directEditSink(domain),
      onError: (err, rulebookId) => app.log.error({ err, rulebook: rulebookId }, 'could not record a direct edit of the draft'),
    });
    const recover = () => runAlone(app.db, 'direct-edit-recovery', () => recoverDirectEdits(domain));
    await recover();
    if (sharedDatabase(app.db)) {
      // And those an instance sharing the database left when it died: recorded within about one quiet period more.
      const round = () => void recover().catch((err: unknown) => app.log.error({ err }, 'could not recover direct edits of the draft'));
      const timer = setInterval(round, Math.min(60_000, Math.max(1000, opts.editQuietMs)));
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
    await fillDisplayNameKeys(app.db);
    if (opts.supportSettleMs > 0) {
      const settle = () => void runAlone(app.db, 'support-settling', () => settleSupports(domain)).catch((err: unknown) => app.log.error({ err }, 'could not record settled supports'));
      const timer = setInterval(settle, Math.max(1000, opts.supportSettleMs / 4));
      timer.unref();
      app.addHook('onClose', async () => clearInterval(timer));
    }
  },
  { name: 'domain', dependencies: ['db', 'mail', 'read-cache'] },
);
