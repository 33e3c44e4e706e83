/**
 * From a construct path (`dev-app/api/service`) to the file and line that declares each segment,
 * following which class each parent is: `service` under `api` is the id a FargateService gives
 * its ECS service, not any other `'service'` in the code.
 */
import type { IdSite, SourceIndex } from './id-sites';

export interface SegmentSource {
  readonly segment: string;
  readonly file: string;
  readonly line: number;
  /** The class of the construct the segment names. */
  readonly className: string;
  /**
   * `literal` when the id is written as a string a reader can grep; `template` or `expression`
   * when it is built, and `text` says how.
   */
  readonly form: 'literal' | 'template' | 'expression';
  readonly text?: string;
  /** The function or method a literal id was passed through (`alarm`). */
  readonly through?: string;
}

export interface PathSources {
  readonly path: string;
  readonly segments: readonly SegmentSource[];
  /** The first segment nothing declares, with why. */
  readonly unresolved?: { readonly segment: string; readonly reason: string };
}

/** Resolves every segment of a construct path it can, root first. */
export function resolveConstructPath(index: SourceIndex, constructPath: string): PathSources {
  const [root = '', ...rest] = constructPath.split('/');
  const segments: SegmentSource[] = [];
  const stack = resolveStack(index, root);
  if (!stack)
    return {
      path: constructPath,
      segments,
      unresolved: { segment: root, reason: `no stack class takes the id '${root}'` },
    };
  const below = resolveBelow(index, stack.className, rest);
  return {
    path: constructPath,
    segments: [stack, ...below.segments],
    unresolved: below.unresolved,
  };
}

/**
 * The segments under a construct of class `parent`. When several sites could have made a
 * segment (one id for a Postgres or, in embedded mode, a GeneratedSecret), the first whose class
 * explains the rest of the path wins.
 */
function resolveBelow(
  index: SourceIndex,
  parent: string,
  rest: readonly string[],
): Pick<PathSources, 'segments' | 'unresolved'> {
  const [segment, ...deeper] = rest;
  if (segment === undefined) return { segments: [] };
  const candidates = candidateSites(index, parent, segment);
  let first: Pick<PathSources, 'segments' | 'unresolved'> | undefined;
  for (const site of candidates) {
    const below = resolveBelow(index, site.constructs, deeper);
    const result = {
      segments: [toSource(segment, site), ...below.segments],
      unresolved: below.unresolved,
    };
    if (!below.unresolved) return result;
    first ??= result;
  }
  if (first) return first;
  return {
    segments: [],
    unresolved: {
      segment,
      reason: index.classes.has(parent)
        ? `no construct id in ${parent} or the code it calls matches '${segment}'`
        : `'${segment}' is made inside ${parent}, which is not declared in stacks/ or modules/`,
    },
  };
}

/** Whether every segment was found written as a literal. */
export function fullyLiteral(sources: PathSources): boolean {
  return !sources.unresolved && sources.segments.every((s) => s.form === 'literal');
}

/**
 * A stack's id: a literal (`new CicdStack(app, 'cicd', ...)`), or `<environment>-<layer>` where
 * the stack class passes the layer to its base (`super(scope, 'app', props)` in AppStack).
 */
function resolveStack(index: SourceIndex, id: string): SegmentSource | undefined {
  const literal = index.sites.find(
    (site) => site.id.kind === 'literal' && site.id.value === id && isStack(index, site.constructs),
  );
  if (literal) return toSource(id, literal);
  const layer = index.sites.find(
    (site) =>
      site.through === 'super' &&
      site.id.kind === 'literal' &&
      id.endsWith(`-${site.id.value}`) &&
      isStack(index, site.constructs),
  );
  return layer && { ...toSource(id, layer), through: 'layer' };
}

function isStack(index: SourceIndex, className: string): boolean {
  return ancestry(index, className).some((name) => name === 'TerraformStack');
}

/** The class and the classes it extends, as far as the sources and one outside base tell. */
function ancestry(index: SourceIndex, className: string): string[] {
  const names: string[] = [];
  for (let name: string | undefined = className; name && !names.includes(name);) {
    names.push(name);
    name = index.classes.get(name)?.base;
  }
  return names;
}

/**
 * The sites that may have made `segment` as a child of a `parent` construct, best first:
 * a literal written in the parent's class (or a base), a literal passed to a scope parameter
 * (a helper function, a base constructor), then the same two as templates, then an id the
 * parent's class takes from a variable.
 */
function candidateSites(index: SourceIndex, parent: string, segment: string): IdSite[] {
  const classes = ancestry(index, parent);
  const inParent = (site: IdSite) =>
    site.scopeIsThis && site.inClass !== undefined && classes.includes(site.inClass);
  const elsewhere = (site: IdSite) => !site.scopeIsThis;
  const ranks: Array<(site: IdSite) => boolean> = [
    (site) => isLiteral(site, segment) && inParent(site),
    (site) => isLiteral(site, segment) && elsewhere(site),
    (site) => matchesTemplate(site, segment) && inParent(site),
    (site) => matchesTemplate(site, segment) && elsewhere(site),
    (site) => site.id.kind === 'expression' && site.through === undefined && inParent(site),
  ];
  const usable = index.sites.filter(
    (site) => site.through !== 'super' || site.id.kind === 'literal',
  );
  return ranks.flatMap((rank) => usable.filter(rank));
}

function isLiteral(site: IdSite, segment: string): boolean {
  return site.id.kind === 'literal' && site.id.value === segment;
}

function matchesTemplate(site: IdSite, segment: string): boolean {
  if (site.id.kind !== 'template') return false;
  const pattern = site.id.parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${pattern.join('.+')}$`).test(segment);
}

function toSource(segment: string, site: IdSite): SegmentSource {
  return {
    segment,
    file: site.file,
    line: site.line,
    className: site.constructs,
    form: site.id.kind,
    text: site.id.kind === 'literal' ? undefined : site.id.text,
    through: site.through,
  };
}
