/**
 * Company-name normalization shared by the directory cache (cw_companies.search_name), the company search
 * and auto-match, so "Müller Bäckerei GmbH", "Muller Backerei" and "MULLER BÄCKEREI, GmbH." compare equal.
 */

// Letters that NFD does not decompose into a base letter plus a combining mark.
const letterReplacements: Record<string, string> = {
  ø: "o",
  ß: "ss",
  æ: "ae",
  œ: "oe",
  ł: "l",
  đ: "d",
  ð: "d",
  þ: "th",
  ı: "i",
  ħ: "h",
};

/**
 * Legal-form suffixes, as token sequences after punctuation became spaces ("P.C." → p c, "sp. z o.o." → sp z o o).
 * Longest first, so "gmbh and co kg" goes as one piece.
 */
const legalSuffixes: ReadonlyArray<readonly string[]> = [
  ["gmbh", "and", "co", "kg"],
  ["sp", "z", "o", "o"],
  ["gmbh", "co", "kg"],
  ["and", "co", "kg"],
  ["co", "kg"],
  ["pty", "ltd"],
  ["p", "c"],
  ["s", "a"],
  ["s", "l"],
  ["a", "s"],
  ["b", "v"],
  ["n", "v"],
  ["l", "l", "c"],
  ["l", "l", "p"],
  ["s", "r", "l"],
  ...[
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "gmbh",
    "mbh",
    "co",
    "corp",
    "corporation",
    "company",
    "sarl",
    "sas",
    "sa",
    "srl",
    "spa",
    "sl",
    "ag",
    "kg",
    "ohg",
    "ug",
    "aps",
    "as",
    "asa",
    "ab",
    "oy",
    "bv",
    "nv",
    "plc",
    "pty",
    "pc",
    "pllc",
    "kft",
    "sro",
  ].map((suffix) => [suffix]),
].sort((left, right) => right.length - left.length);

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length >= tokens.length) return false; // never strip a name down to nothing
  return suffix.every((token, index) => tokens[tokens.length - suffix.length + index] === token);
}

/** Lower-case, accent-free, punctuation-free letters and digits, words separated by single spaces. */
export function simplifyText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[øßæœłđðþıħ]/g, (letter) => letterReplacements[letter] ?? letter)
    .replace(/&/g, " and ")
    .replace(/['’‘`´]/g, "") // "Margie's" and "Margies" are the same name
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/\s+/g, " ");
}

/**
 * The comparable form of a company name: simplified text without legal-form suffixes (Inc, LLC, Ltd,
 * GmbH & Co. KG, sp. z o.o., ...) and without a leading "the". A name that is nothing but a suffix
 * keeps it, so "Co" still finds something.
 */
export function normalizeCompanyName(name: string): string {
  let tokens = simplifyText(name).split(" ").filter(Boolean);
  let stripped = true;
  while (stripped) {
    stripped = false;
    for (const suffix of legalSuffixes) {
      if (endsWith(tokens, suffix)) {
        tokens = tokens.slice(0, tokens.length - suffix.length);
        stripped = true;
        break;
      }
    }
  }
  if (tokens.length > 1 && tokens[0] === "the") tokens = tokens.slice(1);
  return tokens.join(" ");
}
