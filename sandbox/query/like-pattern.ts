// `like` patterns follow SQL Server's LIKE (ConnectWise runs on SQL Server): `%` any run of
// characters, `_` one character, `[abc]` / `[a-z]` / `[^a]` a character class (so `[[]` is a
// literal `[`, the escape ConnectWise documents), plus `*` as a synonym of `%` (ConnectWise docs);
// inside a class every character is literal, so `[%]`, `[_]` and `[*]` escape the wildcards.
// Matching is anchored at both ends and case-insensitive. The pattern is compiled once per query.

function escapeForRegExp(character: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(character) ? `\\${character}` : character;
}

function hasSingleCharacterWildcards(pattern: string): boolean {
  return pattern.includes("_") || pattern.includes("[");
}

export function compileLikePattern(pattern: string): (value: string) => boolean {
  const lowered = pattern.toLowerCase();
  if (!hasSingleCharacterWildcards(lowered)) {
    const simple = lowered.replaceAll("*", "%");
    // Fast paths for the shapes clients actually send.
    const inner = simple.replace(/^%+/, "").replace(/%+$/, "");
    const leading = simple.startsWith("%");
    const trailing = simple.endsWith("%") && simple.length > 0;
    if (!inner.includes("%")) {
      if (simple === "") return (value) => value === "";
      if (inner === "") return () => true; // only wildcards
      if (leading && trailing) return (value) => value.toLowerCase().includes(inner);
      if (leading) return (value) => value.toLowerCase().endsWith(inner);
      if (trailing) return (value) => value.toLowerCase().startsWith(inner);
      return (value) => value.toLowerCase() === inner;
    }
  }
  let source = "";
  for (let index = 0; index < lowered.length; index += 1) {
    const character = lowered[index];
    if (character === "%" || character === "*") {
      source += "[\\s\\S]*";
    } else if (character === "_") {
      source += "[\\s\\S]";
    } else if (character === "[") {
      const close = lowered.indexOf("]", index + 2);
      if (close === -1) {
        source += "\\[";
        continue;
      }
      let body = lowered.slice(index + 1, close);
      let negated = false;
      if (body.startsWith("^") && body.length > 1) {
        negated = true;
        body = body.slice(1);
      }
      let classSource = "";
      for (let position = 0; position < body.length; position += 1) {
        const member = body[position];
        const isRange = member !== "" && body[position + 1] === "-" && position + 2 < body.length;
        if (isRange) {
          classSource += `${escapeForRegExp(member)}-${escapeForRegExp(body[position + 2])}`;
          position += 2;
        } else {
          classSource += escapeForRegExp(member);
        }
      }
      source += `[${negated ? "^" : ""}${classSource}]`;
      index = close;
    } else {
      source += escapeForRegExp(character);
    }
  }
  const expression = new RegExp(`^${source}$`, "i");
  return (value) => expression.test(value);
}
