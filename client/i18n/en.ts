import { app } from './en/app.js';
import { account } from './en/account.js';
import { draft } from './en/draft.js';
import { debate } from './en/debate.js';
import { releases } from './en/releases.js';
import { history } from './en/history.js';
import { desk } from './en/desk.js';
import { citations } from './en/citations.js';
import { suggestion } from './en/suggestion.js';
import { amendmentsInPlace } from './en/amendments-in-place.js';
import { provenance } from './en/provenance.js';
import { origins } from './en/origins.js';
import { mentions } from './en/mentions.js';
import { references } from './en/references.js';

/** The interface's English strings, by area; every other language is typed against these keys. */
export const en = { ...app, ...account, ...draft, ...debate, ...releases, ...history, ...desk, ...citations, ...suggestion, ...amendmentsInPlace, ...provenance, ...origins, ...references, ...mentions } as const;

/** Keys of every UI string. */
export type MessageKey = keyof typeof en;
