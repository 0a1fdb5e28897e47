import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { setWindow } from './helpers/comments.js';
import { deskStory, HOUR } from './helpers/desk-story.js';
import { ok } from './helpers/report-story.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const errorOf = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];

describe("the organiser's desk", () => {
  it('shows an organiser the days left, open amendments per article, answers owed, unanswered threads and the queue', async () => {
    const story = await deskStory(server);
    const desk = await ok(story.organiser.get(`/api/rulebooks/${story.slug}/desk`));
    expect(desk.consultation).toMatchObject({ state: 'open', daysLeft: 3 });
    expect(desk.counts).toEqual({ openAmendments: 3, outdated: 2, answerDue: 1, overdue: 0, unansweredThreads: 2, moderationWaiting: 1 });
    expect(desk.cosignThreshold).toBe(1);
    // Article 1 first, its most supported amendment first, both outdated by the accepted one; then article 2.
    expect(desk.articles.map((a: any) => [a.number, a.title, a.open, a.outdated, a.amendments.map((x: any) => [x.id, x.outdated])])).toEqual([
      [1, story.draft.articles[0].title, 2, 2, [[story.leaVersion.id, true], [story.yanisVersion.id, true]]],
      [2, story.draft.articles[1].title, 1, 0, [[story.cosigned.id, false]]],
    ]);
    expect(desk.articles[0].amendments[0]).toMatchObject({ supportCount: 1, author: { displayName: story.lea.displayName } });
    expect(desk.answerDue).toEqual([expect.objectContaining({ id: story.cosigned.id, cosignerCount: 1, answerDue: true, overdue: false })]);
    // Threads the organiser answered leave the list; a reply between members does not; oldest first.
    expect(desk.threads.map((t: any) => [t.commentId, t.articleNumber, t.excerpt])).toEqual([
      [story.unanswered.id, 3, 'Qui fixe les dates du concours ?'],
      [story.betweenMembers.id, 1, 'La nouvelle version est-elle définitive ?'],
    ]);

    // Within a day of closing, the answer owed is overdue.
    await setWindow(story.organiser, story.slug, -HOUR, 12 * HOUR);
    const closing = await ok(story.organiser.get(`/api/rulebooks/${story.slug}/desk`));
    expect(closing.consultation.daysLeft).toBe(1);
    expect(closing.counts.overdue).toBe(1);
    expect(closing.answerDue[0]).toMatchObject({ id: story.cosigned.id, overdue: true });
  });

  it('is for organisers only: a member gets 403 and an anonymous reader 401', async () => {
    const story = await deskStory(server);
    expect(errorOf(await story.lea.get(`/api/rulebooks/${story.slug}/desk`))).toEqual([403, 'not_organiser']);
    expect(errorOf(await new ApiClient(server.url).get(`/api/rulebooks/${story.slug}/desk`))).toEqual([401, 'not_signed_in']);
    expect(errorOf(await story.organiser.get('/api/rulebooks/no-such-rulebook/desk'))[0]).toBe(404);
  });
});
