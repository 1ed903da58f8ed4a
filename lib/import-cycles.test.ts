import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No module imports itself through others (docs/architecture.md, Boundaries): a cycle of value
 * imports makes one module see another half-initialised (a `const` read before it is set),
 * depending on which is loaded first; a type-only cycle is harmless at run time but ties modules
 * that should layer (shared shapes go in a leaf `types.ts`), and becomes a value cycle with the
 * first constant imported along it. So type-only imports count too.
 */
const ROOTS = ["lib", "components", "app"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile("tsconfig.json", ts.sys.readFile).config;
  return ts.parseJsonConfigFileContent(config, ts.sys, process.cwd()).options;
}

/** The specifiers a file imports or re-exports, type-only ones included. */
function imports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false);
  return source.statements.flatMap((statement) =>
    (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier ? [(statement.moduleSpecifier as ts.StringLiteral).text] : [],
  );
}

/** Strongly connected components of more than one module (Tarjan), each as its files. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe("import cycles", () => {
  it("finds none among the imports of lib, components and app, type-only ones included", () => {
    const options = compilerOptions();
    const files = ROOTS.flatMap(sourceFiles).map((file) => path.resolve(file));
    const known = new Set(files);
    const graph = new Map(
      files.map((file) => [
        file,
        imports(file).flatMap((specifier) => {
          const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule?.resolvedFileName;
          return resolved && known.has(path.resolve(resolved)) ? [path.resolve(resolved)] : [];
        }),
      ]),
    );
    const relative = cycles(graph).map((component) => component.map((file) => path.relative(process.cwd(), file)));
    expect(relative).toEqual([]);
  }, 60_000);
});
