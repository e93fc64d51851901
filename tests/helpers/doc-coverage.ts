// What an editor shows for each public declaration of installed packages, through the TypeScript
// compiler API (the same checker the language service uses for hover): which exports and which
// members of exported classes, interfaces and object types show no documentation, and which
// signatures name types a consumer cannot import (bundler-renamed `components$1`, …).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export type DocReport = {
  /** Every public declaration looked at, as `module: Name` or `module: Name.member`. */
  checked: string[];
  /** Those without documentation. */
  undocumented: string[];
  /** Signatures that show a name no module exports (e.g. `components$1[...]`). */
  unnamed: string[];
};

/** The interfaces openapi-typescript generates; their members document the spec's own fields. */
const RAW_TREES = new Set(['paths', 'components', 'operations', 'webhooks', '$defs']);
const RENAMED = /\b[A-Za-z_]\w*\$\d+\b/;

export function documentationReport(projectDir: string, modules: string[]): DocReport {
  const entry = join(projectDir, 'docs-check.mts');
  writeFileSync(entry, modules.map((m, i) => `export * as m${i} from '${m}';`).join('\n'));
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    strict: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error('the documentation check could not read its own entry file');
  const report: DocReport = { checked: [], undocumented: [], unnamed: [] };
  const seen = new Set<ts.Symbol>();

  const docs = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const ours = (declaration: ts.Declaration) =>
    /node_modules[\\/]@authspec[\\/]/.test(declaration.getSourceFile().fileName);
  const inRawTree = (declaration: ts.Node) => {
    for (let node: ts.Node | undefined = declaration.parent; node; node = node.parent) {
      if (ts.isInterfaceDeclaration(node) && RAW_TREES.has(node.name.text)) return true;
    }
    return false;
  };
  const record = (where: string, symbol: ts.Symbol, type?: ts.Type) => {
    report.checked.push(where);
    if (!docs(symbol)) report.undocumented.push(where);
    if (type) {
      const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
      if (RENAMED.test(text)) report.unnamed.push(`${where}: ${text}`);
    }
  };
  const members = (where: string, type: ts.Type, declaration: ts.Node) => {
    for (const member of checker.getPropertiesOfType(type)) {
      const declarations = member.getDeclarations() ?? [];
      if (member.getName() === 'prototype' || member.getName().startsWith('#') || declarations.length === 0)
        continue;
      if (!declarations.some(ours) || declarations.some(inRawTree)) continue;
      record(`${where}.${member.getName()}`, member, checker.getTypeOfSymbolAtLocation(member, declaration));
    }
  };

  for (const statement of source.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier) continue;
    const moduleName = (statement.moduleSpecifier as ts.StringLiteral).text;
    const moduleSymbol = checker.getSymbolAtLocation(statement.moduleSpecifier);
    if (!moduleSymbol) throw new Error(`${moduleName} does not resolve to types`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const where = `${moduleName}: ${exported.getName()}`;
      const declaration = symbol.getDeclarations()?.[0];
      if (!declaration) continue;
      if (!symbol.getDeclarations()?.some(ours)) continue; // re-exported from elsewhere
      record(where, symbol);
      if (seen.has(symbol) || RAW_TREES.has(symbol.getName())) continue;
      seen.add(symbol);
      if (symbol.flags & ts.SymbolFlags.Class) {
        members(where, checker.getDeclaredTypeOfSymbol(symbol), declaration);
        members(where, checker.getTypeOfSymbolAtLocation(symbol, declaration), declaration);
      } else if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
        const type = checker.getDeclaredTypeOfSymbol(symbol);
        for (const part of type.isUnion() ? type.types : [type]) {
          if (part.flags & ts.TypeFlags.Object) members(where, part, declaration);
        }
      } else if (symbol.flags & ts.SymbolFlags.Function) {
        const type = checker.getTypeOfSymbolAtLocation(symbol, declaration);
        const text = checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation);
        if (RENAMED.test(text)) report.unnamed.push(`${where}: ${text}`);
      }
    }
  }
  return report;
}
