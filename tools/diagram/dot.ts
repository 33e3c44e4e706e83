/** The architecture as Graphviz DOT, for `dot -Tsvg`. */
import {
  type Architecture,
  type DiagramEdge,
  type DiagramNode,
  type EdgeKind,
  type Tier,
} from './architecture';
import { caption, layout, type TierGroup } from './layout';

const TIER_COLOURS: Readonly<Record<Tier, { fill: string; line: string }>> = {
  outside: { fill: '#ffffff', line: '#999999' },
  edge: { fill: '#f1eefc', line: '#7c6fcf' },
  regional: { fill: '#fdf0f6', line: '#b8527f' },
  public: { fill: '#e8f5e9', line: '#4c9a52' },
  private: { fill: '#e3f0fb', line: '#3d7fc1' },
  data: { fill: '#fdf1e3', line: '#c98a2e' },
  aws: { fill: '#f6f6f6', line: '#8a8a8a' },
};

const EDGE_STYLES: Readonly<Record<EdgeKind, string>> = {
  traffic: 'color="#1f5fbf", penwidth=2',
  'security-group': 'color="#c2410c", style=dashed',
  iam: 'color="#6d28d9", style=dotted, penwidth=1.5',
  attachment: 'color="#777777", style=dotted',
};

export function toDot(architecture: Architecture): string {
  const { outside, beforeVpc, vpc, afterVpc } = layout(architecture);
  const lines = [
    `digraph ${quote(`skyport-${architecture.environment}`)} {`,
    `  graph [rankdir=LR, newrank=true, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.7, labelloc=b, labeljust=l, label=${quote(caption(architecture))}];`,
    '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color="#555555", fontname="Helvetica", fontsize=10, margin="0.12,0.05"];',
    '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.7];',
    ...outside.map((node) => `  ${nodeLine(node)}`.replace('shape=box', 'shape=ellipse')),
    ...beforeVpc.flatMap((group) => tierCluster(group, '  ')),
  ];
  if (vpc.length > 0) {
    lines.push(
      `  subgraph cluster_vpc {`,
      `    label=${quote(architecture.vpc)}; style="rounded"; color="#333333"; fontsize=12;`,
      ...vpc.flatMap((group) => tierCluster(group, '    ')),
      '  }',
    );
  }
  lines.push(...afterVpc.flatMap((group) => tierCluster(group, '  ')));
  lines.push(...architecture.edges.map((edge) => `  ${edgeLine(edge)}`), '}');
  return `${lines.join('\n')}\n`;
}

function tierCluster(group: TierGroup, indent: string): string[] {
  const colours = TIER_COLOURS[group.tier];
  return [
    `${indent}subgraph cluster_${group.id} {`,
    `${indent}  label=${quote(group.label)}; style="rounded,filled"; fillcolor=${quote(colours.fill)}; color=${quote(colours.line)};`,
    ...group.loose.map((node) => `${indent}  ${nodeLine(node)}`),
    ...group.stacks.flatMap((stack) => [
      `${indent}  subgraph cluster_${stack.id} {`,
      `${indent}    label=${quote(stack.stack)}; style="dashed,rounded"; color=${quote(colours.line)}; fontsize=10;`,
      ...stack.nodes.map((node) => `${indent}    ${nodeLine(node)}`),
      `${indent}  }`,
    ]),
    `${indent}}`,
  ];
}

function nodeLine(node: DiagramNode): string {
  const [title = '', ...details] = node.lines;
  const label = [`<B>${html(title)}</B>`, ...details.map(html)].join('<BR/>');
  return `${quote(node.id)} [label=<${label}>, shape=box];`;
}

function edgeLine(edge: DiagramEdge): string {
  const label = edge.labels.join('\n');
  return `${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(label)}, ${EDGE_STYLES[edge.kind]}];`;
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function html(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
