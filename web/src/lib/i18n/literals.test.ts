/**
 * Every word a component shows comes from a catalog: fails on text written in JSX (text nodes,
 * string literals shown as children, and the attributes people read or hear: aria-label, title,
 * placeholder, alt, label...).
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SOURCES = import.meta.glob<string>(["/src/**/*.tsx", "!/src/**/*.test.tsx", "!/src/test-utils.tsx"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Attributes whose value people read or hear (and component props that carry such text). */
const SHOWN_ATTRIBUTE = /^(aria-label|aria-description|aria-roledescription|aria-valuetext|title|placeholder|alt|label|legend|caption|heading|hint|description|message|text|[a-z]+(Label|Text|Title|Message|Hint|Heading|Description))$/;
const HAS_WORDS = /\p{L}/u;

/** String literals in `node` that end up shown: not call arguments, comparisons or object keys. */
function shownLiterals(node: ts.Node, found: ts.Node[]): void {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    if (HAS_WORDS.test(node.text)) found.push(node);
    return;
  }
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    if (parts.some((part) => HAS_WORDS.test(part))) found.push(node);
    return;
  }
  if (ts.isCallExpression(node) || ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node)) return;
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.PlusToken) {
      shownLiterals(node.left, found);
      shownLiterals(node.right, found);
    }
    return;
  }
  if (ts.isConditionalExpression(node)) {
    shownLiterals(node.whenTrue, found);
    shownLiterals(node.whenFalse, found);
    return;
  }
  if (ts.isParenthesizedExpression(node) || ts.isJsxExpression(node)) {
    if (node.expression) shownLiterals(node.expression, found);
  }
}

export function hardCodedText(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && HAS_WORDS.test(node.text)) found.push(node);
    else if (ts.isJsxExpression(node) && !ts.isJsxAttribute(node.parent)) shownLiterals(node, found);
    else if (ts.isJsxAttribute(node) && SHOWN_ATTRIBUTE.test(node.name.getText(file)) && node.initializer) {
      shownLiterals(node.initializer, found);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found.map((node) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return `${path}:${line + 1}: ${node.getText(file).trim().slice(0, 60)}`;
  });
}

describe("components", () => {
  it("show no text that is not from a catalog", () => {
    const found = Object.entries(SOURCES).flatMap(([path, source]) => hardCodedText(path, source));
    expect(found).toEqual([]);
  });

  it("catches text, shown literals and labels", () => {
    const found = hardCodedText("x.tsx", `
      const a = <p>Hello</p>;
      const b = <button aria-label="Close" className="x y" type="button">{t("ok")}</button>;
      const c = <p>{ready ? "Done" : t("wait")}</p>;
      const d = <Field label={\`Amount \${n}\`} hint={t("hint")} />;
      const e = <p>{name ?? "Nobody"} {count === "many" ? t("a") : null}</p>;
      const f = <span>{"—"}</span>;
    `);
    expect(found.map((line) => line.split(": ")[1])).toEqual(['Hello', '"Close"', '"Done"', "`Amount ${n}`", '"Nobody"']);
  });
});
