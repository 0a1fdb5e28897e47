import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Flags for this machine's closed network: nothing in the browser may call home. */
const OFFLINE_FLAGS = ['--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Flags of @sparticuz/chromium that change what a page does, left out. */
const UNFAITHFUL_FLAGS = ['--single-process', '--disable-web-security', '--allow-running-insecure-content'];

/** A Chromium to launch and the flags it needs. */
interface ChromiumBinary {
  executablePath: string;
  args: string[];
}

/**
 * The Chromium of the `@sparticuz/chromium` dev dependency, unpacked once per machine into a folder named after its
 * version. It unpacks into a fresh folder then renames it, so test files starting together never launch a half-written
 * binary, and a run killed mid-way leaves nothing behind that looks complete.
 */
async function npmChromium(): Promise<ChromiumBinary> {
  const { default: packaged } = await import('@sparticuz/chromium');
  const packageJson = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'package.json');
  const folder = join(tmpdir(), `amendo-chromium-${(JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version}`);
  if (!existsSync(join(folder, 'chromium'))) {
    const staging = mkdtempSync(join(tmpdir(), 'amendo-chromium-unpacking-'));
    // The package unpacks into os.tmpdir(), which follows TMPDIR.
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = staging;
    try {
      await packaged.executablePath();
    } finally {
      if (previous === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previous;
    }
    try {
      renameSync(staging, folder);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file unpacked it first
    }
  }
  // Its serverless flags, less those that would make the tests lie: one process shares cookies between browser contexts
  // (so every page would be signed in as the last person to sign in), and web security off hides same-origin checks.
  const args = packaged.args.filter((flag) => !UNFAITHFUL_FLAGS.includes(flag));
  return { executablePath: join(folder, 'chromium'), args: [...args, ...OFFLINE_FLAGS] };
}

/** CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the Chromium shipped in an npm package; never a download. */
async function findChromium(): Promise<ChromiumBinary> {
  const installed = process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
  if (installed) return { executablePath: installed, args: ['--headless', '--no-sandbox', '--disable-gpu', ...OFFLINE_FLAGS] };
  return npmChromium();
}

/** Launch headless Chromium with the flags this machine's closed network needs, or fail saying what to install. */
export async function launchBrowser(): Promise<Browser> {
  try {
    // Under LANG=C(.UTF-8) the packaged Chromium reports its language as `en-US@posix`, which Intl rejects.
    return await chromium.launch({ ...(await findChromium()), env: { ...process.env, LANG: 'en_US.UTF-8' } });
  } catch (error) {
    throw new Error(
      'No headless Chromium could be started for the browser tests. Run `npm install` (it brings the @sparticuz/chromium ' +
        'dev dependency), or install Debian\'s chromium, or set CHROMIUM_PATH to a Chromium. ' +
        `Cause: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
