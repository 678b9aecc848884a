import { tokenizeConditions, type Token } from "./conditions-lexer";
import { QueryError, type QueryParameterName } from "./query-error";

// Grammar (keywords case-insensitive; `and` binds tighter than `or`):
//   expression  := andGroup ( "or" andGroup )*
//   andGroup    := unary ( "and" unary )*
//   unary       := "not" unary | "(" expression ")" | comparison
//   comparison  := FIELD operator value
//   operator    := "=" | "!=" | "<" | "<=" | ">" | ">=" | [ "not" ] ( "contains" | "like" | "in" )
//   value       := STRING | NUMBER | "true" | "false" | "null" | DATETIME | "(" scalar ( "," scalar )* ")"

export type ComparisonOperator = "=" | "!=" | "<" | "<=" | ">" | ">=" | "contains" | "like" | "in";

export type LiteralNode =
  | { kind: "string"; value: string; position: number }
  | { kind: "number"; value: number; text: string; position: number }
  | { kind: "boolean"; value: boolean; position: number }
  | { kind: "null"; position: number }
  | { kind: "datetime"; text: string; position: number }
  | { kind: "list"; items: LiteralNode[]; position: number };

export type ConditionNode =
  | { kind: "or"; operands: ConditionNode[] }
  | { kind: "and"; operands: ConditionNode[] }
  | { kind: "not"; operand: ConditionNode }
  | {
      kind: "comparison";
      field: string;
      fieldPosition: number;
      operator: ComparisonOperator;
      operatorPosition: number;
      // `not contains`, `not like`, `not in`
      negated: boolean;
      value: LiteralNode;
    };

const PREFIXABLE_OPERATORS = new Set(["contains", "like", "in"]);

function describeToken(token: Token): string {
  if (token.kind === "end") return "end of input";
  return `"${token.text}"`;
}

class ConditionsParser {
  private index = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameter: QueryParameterName,
  ) {}

  parseAll(): ConditionNode {
    const expression = this.parseExpression();
    const trailing = this.peek();
    if (trailing.kind !== "end") {
      const hint = trailing.kind === "rightParenthesis" ? " (unbalanced parenthesis)" : ' (expected "and" or "or")';
      this.fail(`unexpected ${describeToken(trailing)}${hint}`, trailing);
    }
    return expression;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  private isKeyword(token: Token, keyword: string): boolean {
    return token.kind === "keyword" && token.value === keyword;
  }

  private fail(detail: string, token: Token): never {
    throw new QueryError(detail, { parameter: this.parameter, code: "InvalidSyntax", position: token.position });
  }

  private parseExpression(): ConditionNode {
    const operands = [this.parseAndGroup()];
    while (this.isKeyword(this.peek(), "or")) {
      this.advance();
      operands.push(this.parseAndGroup());
    }
    return operands.length === 1 ? operands[0] : { kind: "or", operands };
  }

  private parseAndGroup(): ConditionNode {
    const operands = [this.parseUnary()];
    while (this.isKeyword(this.peek(), "and")) {
      this.advance();
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: "and", operands };
  }

  private parseUnary(): ConditionNode {
    const token = this.peek();
    if (this.isKeyword(token, "not")) {
      this.advance();
      return { kind: "not", operand: this.parseUnary() };
    }
    if (token.kind === "leftParenthesis") {
      this.advance();
      const inner = this.parseExpression();
      const closing = this.peek();
      if (closing.kind !== "rightParenthesis") {
        this.fail(`expected ")" but found ${describeToken(closing)}`, closing);
      }
      this.advance();
      return inner;
    }
    if (token.kind === "field") return this.parseComparison();
    this.fail(`expected a field name, "not" or "(" but found ${describeToken(token)}`, token);
  }

  private parseComparison(): ConditionNode {
    const fieldToken = this.advance();
    let operatorToken = this.advance();
    let negated = false;
    if (this.isKeyword(operatorToken, "not")) {
      negated = true;
      const following = this.advance();
      if (!(following.kind === "keyword" && PREFIXABLE_OPERATORS.has(following.value))) {
        this.fail(
          `"not" after a field must be followed by contains, like or in, not ${describeToken(following)}`,
          following,
        );
      }
      operatorToken = following;
    }
    let operator: ComparisonOperator;
    if (operatorToken.kind === "operator") {
      operator = operatorToken.value as ComparisonOperator;
    } else if (operatorToken.kind === "keyword" && PREFIXABLE_OPERATORS.has(operatorToken.value)) {
      operator = operatorToken.value as ComparisonOperator;
    } else {
      this.fail(
        `expected an operator (= != < <= > >= contains like in) after "${fieldToken.text}" but found ${describeToken(operatorToken)}`,
        operatorToken,
      );
    }
    const value = operator === "in" ? this.parseList() : this.parseScalar();
    return {
      kind: "comparison",
      field: fieldToken.value,
      fieldPosition: fieldToken.position,
      operator,
      operatorPosition: operatorToken.position,
      negated,
      value,
    };
  }

  private parseList(): LiteralNode {
    const opening = this.peek();
    if (opening.kind !== "leftParenthesis") {
      this.fail(`"in" must be followed by a parenthesised list, found ${describeToken(opening)}`, opening);
    }
    this.advance();
    const items: LiteralNode[] = [];
    if (this.peek().kind === "rightParenthesis") this.fail(`"in" list is empty`, this.peek());
    for (;;) {
      items.push(this.parseScalar());
      const separator = this.advance();
      if (separator.kind === "rightParenthesis") break;
      if (separator.kind !== "comma")
        this.fail(`expected "," or ")" in the "in" list but found ${describeToken(separator)}`, separator);
    }
    return { kind: "list", items, position: opening.position };
  }

  private parseScalar(): LiteralNode {
    const token = this.advance();
    switch (token.kind) {
      case "string":
        return { kind: "string", value: token.value, position: token.position };
      case "number":
        return { kind: "number", value: Number(token.value), text: token.value, position: token.position };
      case "datetime":
        return { kind: "datetime", text: token.value, position: token.position };
      case "keyword":
        if (token.value === "true" || token.value === "false") {
          return { kind: "boolean", value: token.value === "true", position: token.position };
        }
        if (token.value === "null") return { kind: "null", position: token.position };
        break;
      case "field":
        this.fail(`expected a value but found ${describeToken(token)} (quote string values: "${token.text}")`, token);
    }
    this.fail(`expected a value but found ${describeToken(token)}`, token);
  }
}

export function parseConditions(text: string, parameter: QueryParameterName): ConditionNode | null {
  const tokens = tokenizeConditions(text, parameter);
  if (tokens.length === 1) return null; // only the end token: empty conditions match everything
  return new ConditionsParser(tokens, parameter).parseAll();
}
