/**
 * The architecture as a Mermaid flowchart, which GitHub draws inline in docs/architecture.md:
 * `==>` traffic, `-->` a security-group rule, `-.->` IAM and attachments.
 */
import {
  type Architecture,
  type DiagramEdge,
  type DiagramNode,
  type EdgeKind,
} from './architecture';
import { caption, EDGE_MEANING, layout, safeId, type TierGroup } from './layout';

const ARROWS: Readonly<Record<EdgeKind, string>> = {
  traffic: '==>',
  'security-group': '-->',
  iam: '-.->',
  attachment: '-.->',
};

export function toMermaid(architecture: Architecture): string {
  const { outside, beforeVpc, vpc, afterVpc } = layout(architecture);
  const lines = ['flowchart LR', ...outside.map((node) => `  ${nodeLine(node, '([', '])')}`)];
  lines.push(...beforeVpc.flatMap((group) => tierSubgraph(group, '  ')));
  if (vpc.length > 0) {
    lines.push(
      `  subgraph group_vpc[${label(architecture.vpc)}]`,
      ...vpc.flatMap((group) => tierSubgraph(group, '    ')),
      '  end',
    );
  }
  lines.push(...afterVpc.flatMap((group) => tierSubgraph(group, '  ')));
  lines.push(...architecture.edges.map((edge) => `  ${edgeLine(edge)}`));
  return lines.join('\n');
}

/** The Markdown of docs/architecture.md's generated section: one heading and flowchart per environment. */
export function mermaidSection(architectures: readonly Architecture[]): string {
  const meanings = new Map<string, string[]>();
  for (const kind of Object.keys(ARROWS) as EdgeKind[]) {
    meanings.set(ARROWS[kind], [...(meanings.get(ARROWS[kind]) ?? []), EDGE_MEANING[kind]]);
  }
  const legend = [...meanings].map(([arrow, says]) => `\`${arrow}\` ${says.join('; ')}`).join(', ');
  return [
    `Drawn by \`make docs\` from the synthesized JSON (tools/diagram); edges: ${legend}.`,
    ...architectures.flatMap((architecture) => [
      `### ${architecture.environment}`,
      `${caption(architecture)} SVG: [docs/diagrams/${architecture.environment}.svg](diagrams/${architecture.environment}.svg).`,
      ['```mermaid', toMermaid(architecture), '```'].join('\n'),
    ]),
  ].join('\n\n');
}

function tierSubgraph(group: TierGroup, indent: string): string[] {
  return [
    `${indent}subgraph ${group.id}[${label(group.label)}]`,
    ...group.loose.map((node) => `${indent}  ${nodeLine(node, '[', ']')}`),
    ...group.stacks.flatMap((stack) => [
      `${indent}  subgraph ${stack.id}[${label(stack.stack)}]`,
      ...stack.nodes.map((node) => `${indent}    ${nodeLine(node, '[', ']')}`),
      `${indent}  end`,
    ]),
    `${indent}end`,
  ];
}

function nodeLine(node: DiagramNode, open: string, close: string): string {
  const [title = '', ...details] = node.lines;
  const text = [`<b>${escape(title)}</b>`, ...details.map(escape)].join('<br/>');
  return `${safeId(node.id)}${open}"${text}"${close}`;
}

function edgeLine(edge: DiagramEdge): string {
  const text = edge.labels.map(escape).join('<br/>');
  return `${safeId(edge.from)} ${ARROWS[edge.kind]}|"${text}"| ${safeId(edge.to)}`;
}

function label(text: string): string {
  return `"${escape(text)}"`;
}

/** Mermaid reads `"` and angle brackets inside a quoted label as markup: entity codes keep them text. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
