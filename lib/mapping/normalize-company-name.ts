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
  ["s", "de", "r", "l", "de", "c", "v"],
  ["sa", "de", "cv"],
  ["s", "a", "de", "c", "v"],
  ["s", "r", "o"],
  ["d", "o", "o"],
  ["s", "p", "a"],
  ["s", "a", "s"],
  ["s", "a", "r", "l"],
  ["co", "ltd"],
  ["pte", "ltd"],
  ["pvt", "ltd"],
  ["private", "limited"],
  ["sdn", "bhd"],
  ["k", "k"],
  ["g", "k"],
  ["a", "g"],
  ["e", "k"],
  ["e", "v"],
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
    "kk",
    "oyj",
    "ky",
    "ltda",
    "lda",
    "bhd",
    "tbk",
    "kgaa",
    "se",
    "bvba",
    "doo",
    "zrt",
    "nyrt",
    "spzoo",
    // Cyrillic forms written after the name ("Ромашка ООО").
    "ооо",
    "оао",
    "зао",
    "пао",
  ].map((suffix) => [suffix]),
].sort((left, right) => right.length - left.length);

/** Legal forms written before the name, as whole tokens ("PT Bank Central Asia", "ООО Ромашка", "บริษัท ... จำกัด"). */
const legalPrefixTokens = new Set(["pt", "ооо", "оао", "зао", "пао", "ао"]);

/**
 * Legal forms of scripts written without spaces, stripped where they start or end a word ("トヨタ自動車株式会社",
 * "株式会社ソニー", "台积电股份有限公司", "บริษัท ... จำกัด (มหาชน)", "(주)", "㈱"). Simplified like names are
 * (see simplifyText below), longest first.
 */
const boundlessLegalForms: readonly string[] = [
  "株式会社",
  "有限会社",
  "合同会社",
  "合資会社",
  "合名会社",
  "股份有限公司",
  "有限责任公司",
  "有限責任公司",
  "股份公司",
  "有限公司",
  "集团公司",
  "集團公司",
  "公司",
  "주식회사",
  "유한회사",
  "유한책임회사",
  "บริษัทมหาชนจำกัด",
  "บริษัท",
  "ห้างหุ้นส่วนจำกัด",
  "จำกัด",
  "มหาชน",
];

/** Single-character forms, stripped only as a word of their own: "(株)", "(有)", "(주)" after punctuation became spaces. */
const boundlessLegalTokens = ["株", "有", "주"];

function endsWith(tokens: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length >= tokens.length) return false; // never strip a name down to nothing
  return suffix.every((token, index) => tokens[tokens.length - suffix.length + index] === token);
}

/** Lower-case, accent-free, punctuation-free letters and digits, words separated by single spaces. */
export function simplifyText(text: string): string {
  return text
    .normalize("NFKC") // "㈱" → "(株)", full-width "ＡＢＣ" → "ABC", half-width katakana → full-width
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
  let tokens = stripBoundlessLegalForms(simplifyText(name).split(" ").filter(Boolean));
  while (tokens.length > 1 && legalPrefixTokens.has(tokens[0]!)) tokens = tokens.slice(1);
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
  return tokens.map(foldGermanTransliteration).join(" ");
}

const simplifiedBoundlessForms = boundlessLegalForms.map((form) => simplifyText(form)).filter(Boolean);
const simplifiedBoundlessTokens = new Set(boundlessLegalTokens.map((form) => simplifyText(form)));

/** Strips the legal forms of scripts without spaces from the start and end of words, and single-character forms. */
function stripBoundlessLegalForms(tokens: string[]): string[] {
  const result: string[] = [];
  for (const token of tokens) {
    if (simplifiedBoundlessTokens.has(token)) continue;
    let word = token;
    let changed = true;
    while (changed) {
      changed = false;
      for (const form of simplifiedBoundlessForms) {
        if (word.length > form.length && word.endsWith(form)) {
          word = word.slice(0, -form.length);
          changed = true;
        } else if (word.length > form.length && word.startsWith(form)) {
          word = word.slice(form.length);
          changed = true;
        }
      }
    }
    // A word that is nothing but a legal form ("บริษัท", "จำกัด" as words of their own) goes too.
    if (!simplifiedBoundlessForms.includes(word)) result.push(word);
  }
  // Never strip a name down to nothing: "株式会社" alone stays a name.
  return result.length > 0 ? result : tokens;
}

/**
 * German umlauts typed as ue/oe/ae ("Mueller", "Koeln", "Baecker") equal the accent-free letter
 * ("Müller" → muller): after a consonant other than q, ae/oe/ue fold to a/o/u. Applied to both the
 * stored names and the query, so "Müller", "Muller" and "Mueller" find one another; an English name
 * that folds too ("Michael" → michal) folds the same way on both sides.
 */
export function foldGermanTransliteration(word: string): string {
  return word.replace(/([bcdfghjklmnprstvwxz])([aou])e/g, "$1$2");
}
