import ts from 'typescript';

/**
 * Rewrites `new URL('./worker.ts', import.meta.url)` to `'./worker.js'` as the file is
 * emitted. Vite resolves the `.ts` name in the kit's own build; in the package only the
 * emitted `.js` exists, and a package user's bundler (Vite, webpack) bundles the worker by
 * following exactly this expression, so it has to name the file that ships. `rewritten` hears
 * of each, so the build can check that the file named is emitted.
 */
export function moduleUrlsToJs(
  context: ts.TransformationContext,
  rewritten: (sourceFile: string, specifier: string) => void = () => {},
): ts.Transformer<ts.SourceFile> {
  const { factory } = context;
  let sourceFile = '';
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL') {
      const [specifier, base, ...rest] = node.arguments ?? [];
      if (specifier && base && rest.length === 0 && ts.isStringLiteralLike(specifier) && isRelativeTs(specifier.text) && isImportMetaUrl(base)) {
        const emitted = factory.createStringLiteral(specifier.text.replace(/\.ts$/, '.js'), true);
        rewritten(sourceFile, emitted.text);
        return factory.updateNewExpression(node, node.expression, node.typeArguments, [emitted, base]);
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => {
    sourceFile = file.fileName;
    return ts.visitNode(file, visit, ts.isSourceFile);
  };
}

function isRelativeTs(specifier: string): boolean {
  return /^\.\.?\//.test(specifier) && specifier.endsWith('.ts') && !specifier.endsWith('.d.ts');
}

function isImportMetaUrl(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isMetaProperty(node.expression) && node.expression.keywordToken === ts.SyntaxKind.ImportKeyword && node.name.text === 'url';
}
