import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch headless Chromium with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Sign in through the sign-in form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.getByTestId('signin-form').locator('input[name=email]').fill(email);
  await page.getByTestId('signin-form').locator('input[name=password]').fill(password);
  await page.getByTestId('signin-submit').click();
  await page.getByTestId('signed-in-as').waitFor();
}

/** Text of an element without the collaborators' cursor widgets drawn inside it. */
export function textWithoutCursors(locator: Locator): Promise<string> {
  return locator.evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.rb-cursor').forEach((c) => c.remove());
    return copy.textContent ?? '';
  });
}

/** Give a browser page the session of an API client, as if that person had signed in in it. */
export async function shareSession(page: Page, baseUrl: string, cookieHeader: string): Promise<void> {
  const [name, value] = cookieHeader.split('; ').find((c) => c.startsWith('amendo_session='))!.split('=');
  await page.context().addCookies([{ name: name!, value: value!, url: baseUrl }]);
}
