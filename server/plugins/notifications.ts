import fp from 'fastify-plugin';
import { runNotificationSchedule } from '../domain/notifications-schedule.js';

/** How often the consultation notices and the daily digest are checked. */
const SCHEDULE_MS = 60_000;

/**
 * Sends what is due by time rather than by a request: consultation notices (opened, closing in 24 h, closed) and
 * the daily digests. Both are computed from the database each minute and from start, so a restart misses nothing
 * and what went out is never sent again; of instances sharing a database, one at a time runs a round.
 */
export const notificationSchedulePlugin = fp(
  async (app) => {
    const run = async () => {
      try {
        const told = await runNotificationSchedule(app.domain);
        if (told) app.personalEvents.nudge(told);
      } catch (err) {
        app.log.error({ err }, 'could not send scheduled notifications');
      }
    };
    let timer: NodeJS.Timeout | null = null;
    app.addHook('onReady', async () => {
      void run();
      timer = setInterval(() => void run(), SCHEDULE_MS).unref();
    });
    app.addHook('onClose', async () => {
      if (timer) clearInterval(timer);
    });
  },
  { name: 'notification-schedule', dependencies: ['domain'] },
);
