import type { MessageKey } from './en.js';
import { app } from './fr/app.js';
import { account } from './fr/account.js';
import { draft } from './fr/draft.js';
import { debate } from './fr/debate.js';
import { releases } from './fr/releases.js';
import { history } from './fr/history.js';
import { desk } from './fr/desk.js';
import { citations } from './fr/citations.js';
import { suggestion } from './fr/suggestion.js';
import { amendmentsInPlace } from './fr/amendments-in-place.js';
import { provenance } from './fr/provenance.js';
import { origins } from './fr/origins.js';
import { mentions } from './fr/mentions.js';
import { references } from './fr/references.js';

/** The interface's French strings, by area (each typed against the English area's keys). */
export const fr: Record<MessageKey, string> = { ...app, ...account, ...draft, ...debate, ...releases, ...history, ...desk, ...citations, ...suggestion, ...amendmentsInPlace, ...provenance, ...origins, ...references, ...mentions };
