/**
 * Front matter: the block of `key: value` lines (YAML between `---` lines, or TOML `key = value`
 * between `+++` lines) that static-site generators put at the top of a Markdown file. It is the
 * page's metadata (title, date, author), not its text: read as fields, and cut from the text.
 */

const FRONT_MATTER = /^\ufeff?(?:---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n([\s\S]*?)\r?\n\+\+\+)[ \t]*(?:\r?\n|$)/;
const FIELD = /^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*$/;

/** The top-level scalar fields of a Markdown file's front matter, and the text after it; undefined without one. */
export function splitFrontMatter(text: string): { fields: Record<string, string>; body: string } | undefined {
  const match = FRONT_MATTER.exec(text);
  if (!match) return undefined;
  const fields: Record<string, string> = {};
  for (const line of (match[1] ?? match[2]).split(/\r?\n/)) {
    const field = FIELD.exec(line);
    if (!field) continue;
    const value = unquoted(field[2]);
    if (value !== '' && !Object.hasOwn(fields, field[1].toLowerCase())) fields[field[1].toLowerCase()] = value;
  }
  return { fields, body: text.slice(match[0].length) };
}

/** A scalar as written: quotes around it removed, a trailing comment dropped. */
function unquoted(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (quoted) return quoted[1] === '"' ? quoted[2].replace(/\\(["\\])/g, '$1') : quoted[2].replace(/''/g, "'");
  return value.replace(/\s+#.*$/, '');
}
