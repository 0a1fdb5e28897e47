import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, recordPageErrors } from '../helpers/browser.js';
import { ApiClient, uniqueEmail } from '../helpers/client.js';

/** A person's account in a real browser: sign-up and its mailed link, a forgotten password, sessions, mail settings. */
const suite = browserSuite({ maxEventLoopDelayMs: 0 });

const password = 'a long password';

/** A fresh page in English whose console errors go to `problems`. */
async function newPage(who: string, problems: string[]): Promise<Page> {
  const page = await (await suite.newContext({ locale: 'en-GB' })).newPage();
  page.setDefaultTimeout(10_000);
  recordPageErrors(page, who, problems);
  return page;
}

/** Open the outbox and follow the link to `path` mailed to `email`. */
async function followMailedLink(page: Page, email: string, path: string): Promise<void> {
  await page.goto(`${suite.server.url}/dev/outbox`);
  await page.locator('tr', { hasText: email }).locator(`a[href*="${path}#"]`).first().click();
}

/** Sign up through the form and follow the verification link: the page is then signed in, verified. */
async function signUpInForm(page: Page, name: string): Promise<string> {
  const email = uniqueEmail(name).toLowerCase();
  await page.goto(`${suite.server.url}/signup`);
  const form = page.getByTestId('signup-form');
  await form.locator('input[name=displayName]').fill(`${name} ${email.slice(0, 16)}`);
  await form.locator('input[name=email]').fill(email);
  await form.locator('input[name=password]').fill(password);
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-check-mail').textContent()).resolves.toContain(`We sent a link to ${email}`);
  await followMailedLink(page, email, '/verify-email');
  await expect(page.getByTestId('verify-email').getByRole('status').textContent()).resolves.toContain('Your address is confirmed');
  await page.getByTestId('signed-in-as').waitFor();
  return email;
}

describe('an account in a browser', () => {
  it('signs up in the form, checks their mail, follows the link and is signed in with a confirmed address', async () => {
    const problems: string[] = [];
    const page = await newPage('newcomer', problems);
    const email = await signUpInForm(page, 'Nora');
    const me = await page.request.get(`${suite.server.url}/api/me`);
    expect(await me.json()).toMatchObject({ email, verified: true });
    await page.goto(`${suite.server.url}/account`);
    await page.getByTestId('account-page').waitFor();
    await expect(page.getByTestId('account-unverified').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('resets a forgotten password from the mailed link: the new one works, the old one no longer does', async () => {
    const problems: string[] = [];
    const page = await newPage('forgetful', problems);
    const email = await signUpInForm(page, 'Oscar');
    await page.context().clearCookies();

    await page.goto(`${suite.server.url}/signin`);
    await page.getByTestId('forgot-password').click();
    await page.getByTestId('forgot-form').locator('input[name=email]').fill(email);
    await page.getByTestId('forgot-form').locator('button[type=submit]').click();
    await expect(page.getByTestId('forgot-sent').textContent()).resolves.toContain(email);
    await followMailedLink(page, email, '/reset-password');
    await page.getByTestId('reset-form').locator('input[name=password]').fill('a new long password');
    await page.getByTestId('reset-form').locator('button[type=submit]').click();
    await page.waitForURL(`${suite.server.url}/`);
    await page.getByTestId('signed-in-as').waitFor();

    const client = new ApiClient(suite.server.url);
    const old = await client.post('/api/auth/login', { email, password });
    expect([old.status, old.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await client.post('/api/auth/login', { email, password: 'a new long password' })).status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('lists the sessions on the account page and ends the other one; the mail language and preferences it saves stay saved', async () => {
    const problems: string[] = [];
    const page = await newPage('two places', problems);
    const email = await signUpInForm(page, 'Paula');
    const elsewhere = new ApiClient(suite.server.url);
    expect((await elsewhere.post('/api/auth/login', { email, password })).status).toBe(200);

    await page.goto(`${suite.server.url}/account`);
    const sessions = page.getByTestId('sessions').getByTestId('session');
    await expect.poll(() => sessions.count()).toBe(2);
    await expect(sessions.filter({ hasText: 'This browser' }).count()).resolves.toBe(1);
    await sessions.filter({ hasNotText: 'This browser' }).getByRole('button', { name: 'Sign out there' }).click();
    await expect.poll(() => sessions.count()).toBe(1);
    await expect(sessions.textContent()).resolves.toContain('This browser');
    expect((await elsewhere.get('/api/me')).body).toBeNull();

    // Signed up in an English page, so mailed in English; this person reads French better, while the page stays English.
    const mailLanguage = page.getByTestId('mail-language');
    await expect(mailLanguage.locator('select').inputValue()).resolves.toBe('en');
    await mailLanguage.locator('select').selectOption('fr');
    await expect(mailLanguage.getByRole('status').textContent()).resolves.toContain('your next mail will be in this language');
    expect((await (await page.request.get(`${suite.server.url}/api/me`)).json()).language).toBe('fr');

    // Replies come in the daily digest by default; this person wants none by mail.
    await expect(page.getByTestId('delivery-replies-digest').isChecked()).resolves.toBe(true);
    const saved = page.waitForResponse((r) => r.url().endsWith('/api/notifications/preferences') && r.request().method() === 'PATCH');
    await page.getByTestId('delivery-replies-off').check();
    expect((await saved).status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId('delivery-replies-off').isChecked()).resolves.toBe(true);
    await expect(mailLanguage.locator('select').inputValue()).resolves.toBe('fr');
    expect((await (await page.request.get(`${suite.server.url}/api/notifications/preferences`)).json()).replies).toBe('off');
    expect(problems).toEqual([]);
  });
});
