import { describe, expect, it } from 'vitest';
import { browserSuite, recordPageErrors, shareSession } from '../helpers/browser.js';
import { ApiClient, uniqueEmail } from '../helpers/client.js';
import { organiserWithRulebook } from '../helpers/fixtures.js';

const suite = browserSuite({ maxEventLoopDelayMs: 0 });

describe('invitations in a browser', () => {
  it('an organiser invites an address, the invitee follows the link from the outbox, signs up and joins', async () => {
    const { organiser, slug } = await organiserWithRulebook(suite.server, 2);
    const problems: string[] = [];
    const email = uniqueEmail('invitee').toLowerCase();

    const organiserPage = await (await suite.newContext({ locale: 'en-GB' })).newPage();
    recordPageErrors(organiserPage, 'organiser', problems);
    await shareSession(organiserPage, suite.server.url, organiser.cookieHeader());
    await organiserPage.goto(`${suite.server.url}/r/${slug}`);
    await expect(organiserPage.getByTestId('participation-notice').textContent()).resolves.toContain('Anyone signed in with a confirmed e-mail address');
    const panel = organiserPage.getByTestId('organiser-panel');
    await panel.locator('details').nth(1).locator('summary').click();
    await panel.getByTestId('no-invitations').waitFor();
    await panel.getByTestId('add-member-form').locator('input[name=email]').fill(email);
    await panel.getByTestId('add-member-submit').click();
    await expect(panel.getByTestId('invitation-item').textContent()).resolves.toContain(email);

    // Only invited members may take part from now on: the page says so to everyone.
    await panel.getByTestId('participation-form').locator('input[value=members]').check();
    await panel.getByTestId('participation-save').click();
    await organiserPage.locator('[data-testid=participation-notice][data-policy=members]').waitFor();

    const inviteePage = await (await suite.newContext({ locale: 'en-GB' })).newPage();
    recordPageErrors(inviteePage, 'invitee', problems);
    await inviteePage.goto(`${suite.server.url}/dev/outbox`);
    await inviteePage.locator('tr', { hasText: email }).locator('a[href*="/invitations#"]').first().click();
    const form = inviteePage.getByTestId('invitation-signup');
    await form.waitFor();
    await expect(inviteePage.getByTestId('invitation-page').textContent()).resolves.toContain('invites you to take part in “Test rules” as a member');
    await form.locator('input[name=displayName]').fill('Invited Ines');
    await form.locator('input[name=password]').fill('a long password');
    await inviteePage.getByTestId('invitation-signup-submit').click();
    await expect(inviteePage.getByTestId('invitation-joined').textContent()).resolves.toContain('You joined “Test rules” as a member');
    await inviteePage.getByRole('link', { name: 'Open the rulebook' }).click();
    await inviteePage.getByTestId('leave-rulebook').waitFor();
    await expect(inviteePage.getByTestId('participation-notice').textContent()).resolves.toContain('Only invited members');

    // The organiser's list moves the invitation to the members once reloaded.
    await organiserPage.reload();
    await panel.locator('details').nth(1).locator('summary').click();
    await panel.getByTestId('no-invitations').waitFor();
    await expect(panel.getByTestId('member-list').textContent()).resolves.toContain('Invited Ines');
    const me = await new ApiClient(suite.server.url).get(`/api/rulebooks/${slug}`);
    expect(me.body.participation.policy).toBe('members');
    expect(problems).toEqual([]);
  });
});
