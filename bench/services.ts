import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The PostgreSQL and Redis servers a benchmark runs against, and how to let go of them. */
export interface Services {
  databaseUrl: string;
  redisUrl: string;
  /** Stop the servers if this process started them (never those it was given). */
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Redis: those `TEST_DATABASE_URL` and `TEST_REDIS_URL` name (`eval "$(scripts/test-services.sh
 * start)"`), or else a private pair started here by `scripts/test-services.sh` (it installs Debian's packages when
 * missing, as root) and exported as those variables until `stop`, so `test/cluster/services.ts` makes databases on it.
 */
export async function useServices(log: (line: string) => void): Promise<Services> {
  const given = { databaseUrl: process.env.TEST_DATABASE_URL, redisUrl: process.env.TEST_REDIS_URL };
  if (given.databaseUrl && given.redisUrl) return { databaseUrl: given.databaseUrl, redisUrl: given.redisUrl, stop: async () => {} };
  log('  cluster: starting private PostgreSQL and Redis (scripts/test-services.sh)');
  const { stdout } = await run('scripts/test-services.sh', ['start'], { encoding: 'utf8' });
  const exported = new Map([...stdout.matchAll(/^export (\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const [databaseUrl, redisUrl, dir] = ['TEST_DATABASE_URL', 'TEST_REDIS_URL', 'AMENDO_SERVICES_DIR'].map((name) => exported.get(name));
  if (!databaseUrl || !redisUrl || !dir) throw new Error(`scripts/test-services.sh start printed no URLs: ${stdout}`);
  Object.assign(process.env, { TEST_DATABASE_URL: databaseUrl, TEST_REDIS_URL: redisUrl });
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      delete process.env.TEST_DATABASE_URL;
      delete process.env.TEST_REDIS_URL;
      await run('scripts/test-services.sh', ['stop', dir]);
    },
  };
}
