/**
 * The synthesized stacks of one environment as one graph of addresses: every `${...}` reference in
 * a resource's arguments is resolved to the resource or data source it names, and a reference to
 * another stack (`data.terraform_remote_state.<input>.outputs.<output>`, the way CDKTF wires
 * cross-stack values) is followed into the producing stack's output, so an edge can join a
 * resource of `dev-app` to one of `dev-network`.
 */

export type Body = Readonly<Record<string, unknown>>;

export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Body>>>>;
  readonly output?: Readonly<Record<string, { readonly value?: unknown }>>;
  readonly locals?: Readonly<Record<string, unknown>>;
}

export interface StackDocument {
  readonly stack: string;
  readonly json: TerraformJson;
}

/** A resource (`mode: 'resource'`) or data source of one stack. */
export interface Address {
  readonly stack: string;
  readonly mode: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
}

/** `dev-app/aws_lb.api` or `dev-app/data.aws_iam_policy_document.api`: unique within an environment. */
export function addressKey(address: Address): string {
  return `${address.stack}/${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
}

export interface Located {
  readonly address: Address;
  readonly body: Body;
}

const LOCAL_REF = /(?<![\w.-])local\.([\w-]+)/g;
const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;
const DATA_REF = /(?<![\w.-])data\.([a-z][a-z0-9_]*)\.([\w-]+)/g;
const RESOURCE_REF = /(?<![\w.-])([a-z][a-z0-9]*_[a-z0-9_]+)\.([\w-]+)/g;

export class SynthGraph {
  private readonly byStack: ReadonlyMap<string, TerraformJson>;

  constructor(readonly stacks: readonly StackDocument[]) {
    this.byStack = new Map(stacks.map(({ stack, json }) => [stack, json]));
  }

  /** Every resource of a type, in stack order, then in the order the JSON lists them. */
  resources(type: string): Located[] {
    return this.stacks.flatMap(({ stack, json }) =>
      Object.entries(json.resource?.[type] ?? {}).map(([name, body]) => ({
        address: { stack, mode: 'resource' as const, type, name },
        body,
      })),
    );
  }

  body(address: Address): Body | undefined {
    const json = this.byStack.get(address.stack);
    const blocks = address.mode === 'data' ? json?.data : json?.resource;
    return blocks?.[address.type]?.[address.name];
  }

  /** Counts of resources per stack, for the note on what the picture leaves out. */
  resourceCount(): number {
    return this.stacks.reduce(
      (sum, { json }) =>
        sum +
        Object.values(json.resource ?? {}).reduce((n, ofType) => n + Object.keys(ofType).length, 0),
      0,
    );
  }

  /**
   * Every resource and data source a value refers to, in the order they appear, cross-stack
   * references followed to the producing stack and local values to their expressions (a
   * `terraform_remote_state` itself is never returned).
   */
  references(stack: string, value: unknown, locals = new Set<string>()): Address[] {
    const found: Address[] = [];
    const seen = new Set<string>();
    const add = (address: Address) => {
      const key = addressKey(address);
      if (seen.has(key)) return;
      seen.add(key);
      found.push(address);
    };
    for (const text of strings(value)) {
      if (!text.includes('${')) continue;
      for (const [, input = '', output = ''] of text.matchAll(REMOTE_OUTPUT)) {
        for (const address of this.remoteOutput(stack, input, output)) add(address);
      }
      // A local value (`local.broker_host`) stands for its expression; each is read once.
      for (const [, name = ''] of text.matchAll(LOCAL_REF)) {
        const key = `${stack}/local.${name}`;
        if (locals.has(key)) continue;
        locals.add(key);
        const expression = this.byStack.get(stack)?.locals?.[name];
        for (const address of this.references(stack, expression, locals)) add(address);
      }
      const own = text.replace(REMOTE_OUTPUT, '');
      for (const [, type = '', name = ''] of own.matchAll(DATA_REF)) {
        const address = { stack, mode: 'data' as const, type, name };
        if (this.body(address)) add(address);
      }
      for (const [, type = '', name = ''] of own.replace(DATA_REF, '').matchAll(RESOURCE_REF)) {
        const address = { stack, mode: 'resource' as const, type, name };
        if (this.body(address)) add(address);
      }
    }
    return found;
  }

  /** The references of a value that are resources of one type. */
  referencesOfType(stack: string, value: unknown, type: string): Address[] {
    return this.references(stack, value).filter((a) => a.mode === 'resource' && a.type === type);
  }

  /** The stack a `terraform_remote_state` input reads: its S3 key names the stack's state. */
  remoteStack(stack: string, input: string): string | undefined {
    const state = this.byStack.get(stack)?.data?.terraform_remote_state?.[input] as
      { config?: { key?: string; path?: string } } | undefined;
    const key = state?.config?.key ?? state?.config?.path;
    const fromKey = key?.split('/').find((part) => this.byStack.has(part));
    if (fromKey) return fromKey;
    const fromName = input.replace(/^cross-stack-reference-input-/, '');
    return this.byStack.has(fromName) ? fromName : undefined;
  }

  private remoteOutput(stack: string, input: string, output: string): Address[] {
    const producer = this.remoteStack(stack, input);
    if (!producer) return [];
    const value = this.byStack.get(producer)?.output?.[output]?.value;
    return value === undefined ? [] : this.references(producer, value);
  }
}

/** Every string inside a JSON value, skipping CDKTF's `//` metadata. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) if (key !== '//') yield* strings(item);
  }
}
