/**
 * Escapes PostgreSQL LIKE metacharacters so a search for "100%" or "a_b" means exactly that.
 * (ConnectWise's own `like` has a different syntax: see escapeLikePattern in lib/connectwise.)
 */
export function escapeSqlLikePattern(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
