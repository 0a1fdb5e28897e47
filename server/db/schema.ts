// The tables the server queries. The domain is typed against the SQLite schema (./schema/sqlite.ts); a process that
// opens PostgreSQL instead calls `usePostgresTables()` first, and the same names then hold the PostgreSQL tables
// (./schema/pg/), whose rows have the same types (test/db/schema-parity.test.ts). One process uses one database.
import * as lite from './schema/sqlite.js';
import * as pg from './schema/pg/index.js';

export type { Rulebook } from './schema/sqlite.js';

export let users = lite.users;
export let sessions = lite.sessions;
export let accountTokens = lite.accountTokens;
export let mailQueue = lite.mailQueue;
export let mailOptOuts = lite.mailOptOuts;
export let comments = lite.comments;
export let commentReports = lite.commentReports;
export let amendments = lite.amendments;
export let amendmentRevisions = lite.amendmentRevisions;
export let amendmentCosigners = lite.amendmentCosigners;
export let supports = lite.supports;
export let auditEvents = lite.auditEvents;
export let follows = lite.follows;
export let notifications = lite.notifications;
export let notificationPreferences = lite.notificationPreferences;
export let consultationNotices = lite.consultationNotices;
export let rulebooks = lite.rulebooks;
export let memberships = lite.memberships;
export let invitations = lite.invitations;
export let docUpdates = lite.docUpdates;
export let docSnapshots = lite.docSnapshots;
export let settings = lite.settings;
export let pendingDraftEdits = lite.pendingDraftEdits;
export let releases = lite.releases;

let dialect: 'sqlite' | 'postgresql' | null = null;

/** Fix which dialect's tables the names above hold, once per process: another choice later is a mistake, and throws. */
function choose(wanted: 'sqlite' | 'postgresql'): boolean {
  if (dialect !== null && dialect !== wanted) throw new Error(`this process already queries ${dialect}; it cannot also query ${wanted}`);
  const first = dialect === null;
  dialect = wanted;
  return first;
}

/** This process queries SQLite (the default): the names keep SQLite's tables. */
export function useSqliteTables(): void {
  choose('sqlite');
}

/** This process queries PostgreSQL: the names now hold PostgreSQL's tables, typed as SQLite's (same row types). */
export function usePostgresTables(): void {
  if (!choose('postgresql')) return;
  users = pg.users as unknown as typeof lite.users;
  sessions = pg.sessions as unknown as typeof lite.sessions;
  accountTokens = pg.accountTokens as unknown as typeof lite.accountTokens;
  mailQueue = pg.mailQueue as unknown as typeof lite.mailQueue;
  mailOptOuts = pg.mailOptOuts as unknown as typeof lite.mailOptOuts;
  comments = pg.comments as unknown as typeof lite.comments;
  commentReports = pg.commentReports as unknown as typeof lite.commentReports;
  amendments = pg.amendments as unknown as typeof lite.amendments;
  amendmentRevisions = pg.amendmentRevisions as unknown as typeof lite.amendmentRevisions;
  amendmentCosigners = pg.amendmentCosigners as unknown as typeof lite.amendmentCosigners;
  supports = pg.supports as unknown as typeof lite.supports;
  auditEvents = pg.auditEvents as unknown as typeof lite.auditEvents;
  follows = pg.follows as unknown as typeof lite.follows;
  notifications = pg.notifications as unknown as typeof lite.notifications;
  notificationPreferences = pg.notificationPreferences as unknown as typeof lite.notificationPreferences;
  consultationNotices = pg.consultationNotices as unknown as typeof lite.consultationNotices;
  rulebooks = pg.rulebooks as unknown as typeof lite.rulebooks;
  memberships = pg.memberships as unknown as typeof lite.memberships;
  invitations = pg.invitations as unknown as typeof lite.invitations;
  docUpdates = pg.docUpdates as unknown as typeof lite.docUpdates;
  docSnapshots = pg.docSnapshots as unknown as typeof lite.docSnapshots;
  settings = pg.settings as unknown as typeof lite.settings;
  pendingDraftEdits = pg.pendingDraftEdits as unknown as typeof lite.pendingDraftEdits;
  releases = pg.releases as unknown as typeof lite.releases;
}
