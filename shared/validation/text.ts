import { Type } from '@sinclair/typebox';

/** How a user-written text is laid out: `line` for names and titles (one line), `block` for bodies and reasons. */
export const TextKind = { line: 'line', block: 'block' } as const;
export type TextKind = (typeof TextKind)[keyof typeof TextKind];

/** Why a text was refused. */
export type TextProblem = 'lone_surrogate' | 'blank';

/** A normalised text, or why it cannot be accepted (an expected outcome, returned as a value). */
export type TextCheck = { ok: true; text: string } | { ok: false; problem: TextProblem; message: string };

/** Whitespace and characters that print nothing, stripped from both ends of every text. */
const EDGE = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF]/;
/** A character that shows something: not a space, a control, a format character or a known blank glyph. */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\u034F\u115F\u1160\u2800\u3164\uFFA0]/u;
/** In Unicode mode a paired surrogate is one code point, so this matches only the unpaired ones. */
const LONE_SURROGATE = /\p{Cs}/u;
const SPACING = /[\s\p{Cc}]+/gu;
/** A lone no-break space (French typography puts one before « : », « ? »…) is kept; other spacing becomes one space. */
const oneSpace = (run: string) => (run === '\u00A0' || run === '\u202F' ? run : ' ');
/** Control characters other than tab and line feed. */
const BLOCK_CONTROLS = /[^\P{Cc}\t\n]/gu;

/** Strip edge characters with a loop: an anchored regular expression would backtrack quadratically on long runs. */
function trimEdges(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && EDGE.test(text[start]!)) start++;
  while (end > start && EDGE.test(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/**
 * Normalise a text a person wrote: refuse unpaired surrogates, compose to NFC, strip whitespace and zero-width
 * characters at both ends. A `line` has every run of spaces, line breaks and controls made one space (a lone
 * no-break space stays); a `block` keeps its lines (CRLF made LF) but loses other controls. A text with nothing
 * visible is `blank` unless `allowBlank`, in which case it becomes the empty string.
 */
export function normaliseText(raw: string, kind: TextKind, allowBlank = false): TextCheck {
  if (LONE_SURROGATE.test(raw)) {
    return { ok: false, problem: 'lone_surrogate', message: 'must not contain an unpaired surrogate (malformed Unicode)' };
  }
  const composed = raw.normalize('NFC');
  const laidOut = kind === TextKind.line ? composed.replace(SPACING, oneSpace) : composed.replace(/\r\n?/g, '\n').replace(BLOCK_CONTROLS, '');
  const text = trimEdges(laidOut);
  if (VISIBLE.test(text)) return { ok: true, text };
  return allowBlank ? { ok: true, text: '' } : { ok: false, problem: 'blank', message: 'must not be blank' };
}

/** The form of a display name two people may not share: case, accents, spacing and invisible characters ignored. */
export function displayNameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The schema keyword by which the server normalises a string before checking it (see `addTextKeyword`). */
const TEXT_KEYWORD = 'x-text';

/**
 * A string a person writes, capped at `maxLength` characters once normalised (see `normaliseText`); required
 * to show something unless `allowBlank`.
 */
export function UserText(maxLength: number, kind: TextKind, options: { allowBlank?: boolean; description?: string } = {}) {
  const { allowBlank = false, description } = options;
  return Type.String({ [TEXT_KEYWORD]: kind, maxLength, ...(allowBlank ? {} : { minLength: 1 }), ...(description ? { description } : {}) });
}

type TextValidator = ((
  kind: TextKind,
  data: string,
  schema?: { minLength?: number; [keyword: string]: unknown },
  context?: { parentData: Record<string | number, unknown>; parentDataProperty: string | number },
) => boolean) & { errors?: { keyword: string; message: string; params: Record<string, unknown> }[] };

const validateText: TextValidator = (kind, data, schema, context) => {
  const checked = normaliseText(data, kind, !(schema?.minLength && schema.minLength > 0));
  if (!checked.ok) {
    validateText.errors = [{ keyword: TEXT_KEYWORD, message: checked.message, params: { problem: checked.problem } }];
    return false;
  }
  if (context?.parentData) context.parentData[context.parentDataProperty] = checked.text;
  return true;
};

/**
 * The Ajv 8 keyword behind `UserText`, for Fastify's validator (`ajv.plugins`): it replaces the string with its
 * normalised form before `maxLength` and `minLength` run, and refuses blank or malformed text.
 */
export const textKeyword = {
  keyword: TEXT_KEYWORD,
  type: 'string',
  schemaType: 'string',
  modifying: true,
  errors: true,
  before: 'maxLength',
  validate: validateText,
} as const;

/** The error code of a request its schema refused: `invalid_unicode` for malformed text, else `validation_failed`. */
export function validationErrorCode(errors: readonly { params?: Record<string, unknown> }[]): string {
  return errors.some((e) => e.params?.problem === 'lone_surrogate') ? 'invalid_unicode' : 'validation_failed';
}
