/**
 * Type-checks a README example as a user's strict ES-module project would (`--strict --module
 * nodenext`, Node's and the DOM's types), with the workspace packages read from their sources.
 */
import ts from "typescript";

/** The compiler options of a user's strict Node project, plus the workspace's source condition. */
const userOptions: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: ["node"],
  noEmit: true,
  skipLibCheck: true,
  // Only so that the packages resolve to their sources here; users get the same types built.
  customConditions: ["@strata/source"],
  allowImportingTsExtensions: true,
};

/** The type errors in `file` (as `line:column message`), none when it type-checks. */
export function typeErrors(file: string): string[] {
  const program = ts.createProgram([file], userOptions);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((diagnostic) => {
      const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : undefined;
      const position = where ? `${where.line + 1}:${where.character + 1} ` : "";
      return `${position}${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
    });
}
