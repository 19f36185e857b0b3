/**
 * The error every invalid segmenter configuration raises: it names the experiment, the option
 * path and how to fix it.
 * @module
 */

/** One problem with a segmenter's options. */
export interface SegmenterOptionsIssue {
  /** Where the problem is, relative to the segmenter object, e.g. `groups[1].weight` ("" for the whole object). */
  readonly path: string;
  /** What is wrong and, for the built-ins, how to fix it after " — ". */
  readonly message: string;
}

/** Thrown when a segmenter's options are invalid; one message line per issue. */
export class SegmenterOptionsError extends Error {
  /** The experiment whose segmenter is misconfigured ("" when unknown, e.g. from a standalone helper). */
  readonly experimentId: string;
  /** Every problem found, each with its option path. */
  readonly issues: readonly SegmenterOptionsIssue[];

  /** Creates the error for `experimentId` from one or more issues. */
  constructor(experimentId: string, issues: readonly SegmenterOptionsIssue[], options?: { cause?: unknown }) {
    super(issues.map((issue) => formatIssue(experimentId, issue)).join("\n"), options);
    this.name = "SegmenterOptionsError";
    this.experimentId = experimentId;
    this.issues = issues;
  }
}

/** One message line: `experiment "checkout": groups[1].weight: must be ...`. */
function formatIssue(experimentId: string, issue: SegmenterOptionsIssue): string {
  const where = issue.path === "" ? "segmenter options" : issue.path;
  const experiment = experimentId === "" ? "" : `experiment ${JSON.stringify(experimentId)}: `;
  return `${experiment}${where}: ${issue.message}`;
}
