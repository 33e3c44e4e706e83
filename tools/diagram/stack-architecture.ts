/**
 * One stack's part of its environment's architecture, for the stack folders of `make review`: the
 * stack's own boxes and the edges between them (and to the Internet and AWS's APIs), and one small
 * box per stack it reads through remote state, which stands in for every box of that stack an
 * edge reaches. A view over the environment's architecture rather than a build of the stack
 * alone, because cross-stack edges (a service's security group rule in another stack, the data
 * services whose addresses it is given) only resolve with every stack of the environment in the
 * graph.
 */
import type { Architecture, DiagramEdge, DiagramNode } from './architecture';
import { safeId } from './layout';
import type { SynthGraph } from './synth-graph';

const REMOTE_OUTPUT = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;

/** The box id of a stack read through remote state, in another stack's picture. */
export function stackNodeId(stack: string): string {
  return safeId(`stack_${stack}`);
}

/**
 * `resources` and `drawn` stay the environment's counts, as their documentation says: which
 * resources a box stands for is known only while the environment is built.
 */
export function stackArchitecture(
  environment: Architecture,
  graph: SynthGraph,
  stack: string,
): Architecture {
  if (!graph.stacks.some((s) => s.stack === stack))
    throw new Error(`diagram: ${stack} is not a stack of ${environment.environment}`);
  const readStacks = remoteStacks(graph, stack);
  const byId = new Map(environment.nodes.map((node) => [node.id, node]));
  const own = (id: string) => byId.get(id)?.stack === stack;

  // The far end of an edge: kept as is (nobody's: the Internet, an AWS API), the box of a stack
  // read through remote state, or left out (a stack that reads this one draws it in its picture).
  const farEnd = (id: string): { id: string; foreign?: DiagramNode } | undefined => {
    const node = byId.get(id);
    if (!node?.stack) return { id };
    return readStacks.has(node.stack) ? { id: stackNodeId(node.stack), foreign: node } : undefined;
  };
  const edges: DiagramEdge[] = [];
  for (const edge of environment.edges) {
    if (!own(edge.from) && !own(edge.to)) continue;
    const from = own(edge.from) ? { id: edge.from } : farEnd(edge.from);
    const to = own(edge.to) ? { id: edge.to } : farEnd(edge.to);
    if (!from || !to) continue;
    const foreign = from.foreign ?? to.foreign;
    edges.push({
      from: from.id,
      to: to.id,
      kind: edge.kind,
      // The stack's box stands for several of its boxes: the label says which one.
      labels: foreign
        ? [`${foreign.lines[0] ?? foreign.id}: ${edge.labels.join(', ')}`]
        : edge.labels,
    });
  }

  const linked = new Set(edges.flatMap((e) => [e.from, e.to]));
  const stackNodes: DiagramNode[] = [...readStacks].map(([other, types]) => ({
    id: stackNodeId(other),
    lines: [`stack ${other}`, 'read through remote state', ...(types ? [types] : [])],
    // Outside this stack's picture, drawn loose like the Internet.
    tier: 'outside',
  }));
  return {
    ...environment,
    stacks: [stack],
    nodes: [
      ...stackNodes,
      ...environment.nodes.filter(
        (node) => node.stack === stack || (node.stack === undefined && linked.has(node.id)),
      ),
    ],
    edges,
  };
}

/**
 * The stacks a stack reads through `terraform_remote_state`, in the environment's order, each with
 * the types of the resources behind the outputs it reads (`aws_subnet × 2, aws_vpc`).
 */
function remoteStacks(graph: SynthGraph, stack: string): Map<string, string> {
  const json = graph.stacks.find((s) => s.stack === stack)?.json ?? {};
  const outputsRead = new Map<string, Set<string>>();
  for (const [, input = '', output = ''] of JSON.stringify(json).matchAll(REMOTE_OUTPUT)) {
    const producer = graph.remoteStack(stack, input);
    if (producer) outputsRead.set(producer, (outputsRead.get(producer) ?? new Set()).add(output));
  }
  const described = new Map<string, string>();
  for (const { stack: other, json: producer } of graph.stacks) {
    const outputs = outputsRead.get(other);
    if (!outputs) continue;
    const counts = new Map<string, number>();
    for (const output of outputs) {
      for (const address of graph.references(other, producer.output?.[output]?.value))
        counts.set(address.type, (counts.get(address.type) ?? 0) + 1);
    }
    described.set(
      other,
      [...counts]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([type, n]) => (n > 1 ? `${type} × ${n}` : type))
        .join(', '),
    );
  }
  return described;
}
