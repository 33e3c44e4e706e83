import type { CheckRecord } from './results';

interface SarifRule {
  id: string;
  [key: string]: unknown;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  locations?: {
    physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } };
  }[];
  suppressions?: { kind: string; justification: string }[];
  [key: string]: unknown;
}

interface SarifLog {
  $schema?: string;
  version?: string;
  runs?: {
    tool?: { driver?: { rules?: SarifRule[]; [key: string]: unknown } };
    results?: SarifResult[];
  }[];
}

/** One stack's checkov SARIF, and what is needed to point it at the repository and explain it. */
export interface StackSarif {
  readonly stack: string;
  readonly sarif: unknown;
  /** Path of the scanned folder from the repository root, e.g. `cdktf.out/stacks/dev-app`. */
  readonly dir: string;
  /** The stack's records from the same (baseline) scan: they map a result's line to its block. */
  readonly records: readonly CheckRecord[];
  /** Why a block's check is accepted, keyed `<check id> <checkov resource name>`. */
  readonly reasons: ReadonlyMap<string, string>;
}

/**
 * The file of a result relative to the repository root. checkov writes it relative to its working
 * directory (the root, when the path it scanned is under it) or to the scanned folder.
 */
export function repositoryUri(dir: string, uri = 'cdk.tf.json'): string {
  const clean = uri.replace(/^\/+/, '');
  return clean.startsWith(`${dir}/`) ? clean : `${dir}/${clean}`;
}

/**
 * Merges per-stack checkov SARIF into one run (GitHub code scanning wants one run per tool and
 * category): rules are deduplicated, file URIs made relative to the repository root, and a
 * result skipped through the baseline carries the justification's reason instead of checkov's
 * "baseline-skipped".
 */
export function mergeSarif(stacks: readonly StackSarif[]): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const results: SarifResult[] = [];
  let driver: Record<string, unknown> = { name: 'Checkov' };
  for (const { sarif, dir, records, reasons } of stacks) {
    for (const run of (sarif as SarifLog).runs ?? []) {
      const { rules: runRules = [], ...rest } = run.tool?.driver ?? {};
      driver = { ...driver, ...rest };
      for (const rule of runRules) {
        if (!ruleIndex.has(rule.id)) {
          ruleIndex.set(rule.id, rules.length);
          rules.push(rule);
        }
      }
      for (const result of run.results ?? []) {
        const location = result.locations?.[0]?.physicalLocation;
        const line = location?.region?.startLine;
        const record = records.find((r) => r.checkId === result.ruleId && r.lines[0] === line);
        const merged: SarifResult = {
          ...result,
          ruleIndex: ruleIndex.get(result.ruleId),
          locations: result.locations?.map((l) => ({
            ...l,
            physicalLocation: l.physicalLocation && {
              ...l.physicalLocation,
              artifactLocation: {
                ...l.physicalLocation.artifactLocation,
                uri: repositoryUri(dir, l.physicalLocation.artifactLocation?.uri),
              },
            },
          })),
        };
        const reason = record && reasons.get(`${record.checkId} ${record.resource}`);
        if (result.suppressions && reason) {
          merged.suppressions = [{ kind: 'external', justification: reason }];
        }
        results.push(merged);
      }
    }
  }
  return {
    $schema:
      'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { ...driver, rules } }, results }],
  };
}
