/**
 * Lint vocabulary: what a rule reports about the desired state. Lint catches configurations that are
 * valid to AWS but do not do what the author thinks (an alarm that can never fire, a retention that is
 * billed anyway). Pure types.
 */
import type { ResourceAddress, SourceLocation } from '../model/resource.js';
import type { DesiredState } from '../model/state.js';

/** `error`: the configuration does not work as intended; `warning`: it costs or risks something; `info`: worth knowing. */
export type LintSeverity = 'error' | 'warning' | 'info';

/** One finding of one rule about one resource. */
export interface LintFinding {
  /** Stable kebab-case rule id (what `lintSilenced` keys on). */
  readonly ruleId: string;
  readonly severity: LintSeverity;
  /** The resource the finding is about (and where it is silenced). */
  readonly address: ResourceAddress;
  /** What is wrong, with the numbers that show it. */
  readonly message: string;
  /** What to change. */
  readonly fixHint: string;
  /** Where the resource is declared; undefined when the desired state has no location (builders). */
  readonly source?: SourceLocation;
  /**
   * Set when the resource silences this rule (`DesiredResource.lintSilenced[ruleId]`): the written
   * reason. Silenced findings are kept (reports list them) but never count towards exit codes.
   */
  readonly silencedReason?: string;
}

/** A finding as a rule produces it, before the silencing and location are applied. */
export interface RawFinding {
  readonly address: ResourceAddress;
  readonly message: string;
  readonly fixHint: string;
  /** Overrides the rule's default severity for this finding. */
  readonly severity?: LintSeverity;
}

/** One lint rule. Rules are pure functions of the desired state. */
export interface LintRule {
  /** Stable kebab-case id. */
  readonly id: string;
  /** Default severity of its findings. */
  readonly severity: LintSeverity;
  /** One line: what the rule checks. */
  readonly title: string;
  /** The AWS documentation the rule rests on (URLs), where the rule is about an AWS behaviour. */
  readonly sources?: readonly string[];
  readonly check: (desired: DesiredState) => readonly RawFinding[];
}

/** Counts of unsilenced findings per severity, plus the silenced ones. */
export interface LintCounts {
  readonly error: number;
  readonly warning: number;
  readonly info: number;
  readonly silenced: number;
}

/** Counts findings; silenced findings count only as `silenced`. */
export function countFindings(findings: readonly LintFinding[]): LintCounts {
  let error = 0;
  let warning = 0;
  let info = 0;
  let silenced = 0;
  for (const f of findings) {
    if (f.silencedReason !== undefined) silenced++;
    else if (f.severity === 'error') error++;
    else if (f.severity === 'warning') warning++;
    else info++;
  }
  return { error, warning, info, silenced };
}
