import { QueryError, type QueryParameterName } from "./query-error";

export type TokenKind =
  | "field" // a word or slash path that is not a keyword: name, company/id, _info/lastUpdated
  | "keyword" // and or not contains like in true false null (value lower-cased)
  | "string"
  | "number"
  | "datetime" // the raw text between [ and ]
  | "operator" // = != < <= > >=
  | "leftParenthesis"
  | "rightParenthesis"
  | "comma"
  | "end";

export interface Token {
  kind: TokenKind;
  value: string;
  position: number; // 0-based offset of the token's first character
  text: string; // the token as written, for messages
}

const KEYWORDS = new Set(["and", "or", "not", "contains", "like", "in", "true", "false", "null"]);

function isWordStart(character: string): boolean {
  return (character >= "a" && character <= "z") || (character >= "A" && character <= "Z") || character === "_";
}

function isWordPart(character: string): boolean {
  return isWordStart(character) || isDigit(character);
}

function isDigit(character: string): boolean {
  return character >= "0" && character <= "9";
}

function isWhitespace(character: string): boolean {
  return /\s/.test(character);
}

// Escapes inside quoted strings: \" \' \\ give the character after the backslash, and a doubled
// quote ("" inside "...", '' inside '...') gives one quote. Any other backslash stays literal, so
// values such as "C:\temp" survive unchanged.
function readQuotedString(text: string, start: number, parameter: QueryParameterName): { value: string; end: number } {
  const quote = text[start];
  let value = "";
  let index = start + 1;
  while (index < text.length) {
    const character = text[index];
    if (character === "\\") {
      const following = text[index + 1];
      if (following === '"' || following === "'" || following === "\\") {
        value += following;
        index += 2;
        continue;
      }
      value += character;
      index += 1;
      continue;
    }
    if (character === quote) {
      if (text[index + 1] === quote) {
        value += quote;
        index += 2;
        continue;
      }
      return { value, end: index + 1 };
    }
    value += character;
    index += 1;
  }
  throw new QueryError(`unterminated string starting with ${quote}`, {
    parameter,
    code: "InvalidSyntax",
    position: start,
  });
}

export function tokenizeConditions(text: string, parameter: QueryParameterName): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, value: string, position: number, end: number) => {
    tokens.push({ kind, value, position, text: text.slice(position, end) });
  };
  while (index < text.length) {
    const character = text[index];
    if (isWhitespace(character)) {
      index += 1;
      continue;
    }
    const start = index;
    if (character === "(") {
      push("leftParenthesis", "(", start, ++index);
      continue;
    }
    if (character === ")") {
      push("rightParenthesis", ")", start, ++index);
      continue;
    }
    if (character === ",") {
      push("comma", ",", start, ++index);
      continue;
    }
    if (character === "=") {
      push("operator", "=", start, ++index);
      continue;
    }
    if (character === "!") {
      if (text[index + 1] !== "=") {
        throw new QueryError(`unexpected character "!" (did you mean "!="?)`, {
          parameter,
          code: "InvalidSyntax",
          position: start,
        });
      }
      index += 2;
      push("operator", "!=", start, index);
      continue;
    }
    if (character === "<" || character === ">") {
      const operator = text[index + 1] === "=" ? `${character}=` : character;
      index += operator.length;
      push("operator", operator, start, index);
      continue;
    }
    if (character === '"' || character === "'") {
      const { value, end } = readQuotedString(text, start, parameter);
      index = end;
      push("string", value, start, end);
      continue;
    }
    if (character === "[") {
      const close = text.indexOf("]", start + 1);
      if (close === -1) {
        throw new QueryError(`unterminated datetime starting with "["`, {
          parameter,
          code: "InvalidSyntax",
          position: start,
        });
      }
      index = close + 1;
      push("datetime", text.slice(start + 1, close).trim(), start, index);
      continue;
    }
    const startsNumber =
      isDigit(character) ||
      ((character === "-" || character === "+" || character === ".") &&
        (isDigit(text[index + 1] ?? "") || (text[index + 1] === "." && isDigit(text[index + 2] ?? ""))));
    if (startsNumber) {
      if (character === "-" || character === "+") index += 1;
      while (index < text.length && isDigit(text[index])) index += 1;
      if (text[index] === ".") {
        index += 1;
        while (index < text.length && isDigit(text[index])) index += 1;
      }
      // `id=1or id=2` is accepted (SQL Server reads it too), `12abc` is not.
      let wordEnd = index;
      while (wordEnd < text.length && isWordPart(text[wordEnd])) wordEnd += 1;
      const followingWord = text.slice(index, wordEnd).toLowerCase();
      const isGlued = followingWord !== "" && followingWord !== "and" && followingWord !== "or";
      if (isGlued || text[index] === ".") {
        throw new QueryError(`malformed number "${text.slice(start, index + 1)}"`, {
          parameter,
          code: "InvalidSyntax",
          position: start,
        });
      }
      push("number", text.slice(start, index), start, index);
      continue;
    }
    if (isWordStart(character)) {
      index += 1;
      while (index < text.length) {
        if (isWordPart(text[index])) {
          index += 1;
        } else if (text[index] === "/" && isWordStart(text[index + 1] ?? "")) {
          index += 2;
        } else {
          break;
        }
      }
      if (text[index] === "/") {
        throw new QueryError(`field path "${text.slice(start, index + 1)}" must continue with a field name after "/"`, {
          parameter,
          code: "InvalidSyntax",
          position: index,
        });
      }
      const word = text.slice(start, index);
      const lowered = word.toLowerCase();
      push(KEYWORDS.has(lowered) ? "keyword" : "field", KEYWORDS.has(lowered) ? lowered : word, start, index);
      continue;
    }
    throw new QueryError(`unexpected character "${character}"`, {
      parameter,
      code: "InvalidSyntax",
      position: start,
    });
  }
  tokens.push({ kind: "end", value: "", position: text.length, text: "" });
  return tokens;
}
