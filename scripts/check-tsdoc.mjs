// Fails when a public export (a value exported from a package's src/index.ts) has no TSDoc summary,
// or when a public function or class has no @example. Types need a summary only.
import ts from 'typescript';

// Each entry point: a package's src/index.ts, or a subpath's (web/hono).
const packages = ['core', 'express', 'koa', 'mcp', 'fastify', 'web', 'web/hono', 'testing', 'redis'];
const entryOf = (name) => {
  const [pkg, subpath] = name.split('/');
  return subpath === undefined ? `packages/${pkg}/src/index.ts` : `packages/${pkg}/src/${subpath}/index.ts`;
};
const program = ts.createProgram(packages.map(entryOf), {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
});
const checker = program.getTypeChecker();
const problems = [];
for (const name of packages) {
  const file = program.getSourceFile(entryOf(name));
  const moduleSymbol = checker.getSymbolAtLocation(file);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const declaration = symbol.declarations?.[0];
    if (declaration === undefined) continue;
    // Re-exports of another package are documented there.
    if (!declaration.getSourceFile().fileName.includes(`packages/${name.split('/')[0]}/src/`)) continue;
    const docs = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    const tags = symbol.getJsDocTags(checker).map((tag) => tag.name);
    const isCallable = (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class)) !== 0;
    if (docs === '') problems.push(`@access-guard/${name}: ${exported.name} has no TSDoc summary`);
    else if (isCallable && !tags.includes('example'))
      problems.push(`@access-guard/${name}: ${exported.name} has no @example`);
  }
}
for (const problem of problems) console.log(problem);
console.log(
  problems.length === 0 ? 'every public export is documented' : `${problems.length} public exports need TSDoc`,
);
process.exitCode = problems.length === 0 ? 0 : 1;
