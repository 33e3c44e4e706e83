import { constructApi } from './construct-api';
import { outputsSection, propsSection, renderModuleReadme } from './module-readme';

const MODULE = [
  {
    file: 'queue/index.ts',
    text: "export { Queue, type QueueProps, type Retry } from './queue';",
  },
  {
    file: 'queue/queue.ts',
    text: `
export interface Retry {
  /** Attempts before a message goes to the dead-letter queue. */
  readonly attempts: number;
}
interface Named {
  /** Queue name. */
  readonly name: string;
}
export interface QueueProps extends Named {
  /**
   * Seconds a message stays invisible after a read
   * (0 to 43200).
   * @default 30
   */
  readonly visibilitySeconds?: number;
  /** What happens to failures: \`a | b\` */
  readonly retry?: Retry | undefined;
}
export class Queue extends Construct {
  /** The queue's ARN. */
  readonly arn: string;
  readonly queue: SqsQueue;
  private readonly secret: string;
  /** Lets \`role\` send messages. */
  grantSend(role: IamRole): void {}
  constructor(scope: Construct, id: string, props: QueueProps) {}
}`,
  },
];

describe('the generated tables of a module README', () => {
  const constructs = constructApi(MODULE);

  it('lists each prop with its type, its @default or "required", and its doc comment on one line', () => {
    expect(propsSection(constructs).split('\n')).toEqual([
      '`QueueProps`:',
      '',
      '| prop                | type                 | default  | what it is                                                   |',
      '| ------------------- | -------------------- | -------- | ------------------------------------------------------------ |',
      '| `visibilitySeconds` | `number`             | 30       | Seconds a message stays invisible after a read (0 to 43200). |',
      '| `retry`             | `Retry \\| undefined` | —        | What happens to failures: `a \\| b`                           |',
      '| `name`              | `string`             | required | Queue name.                                                  |',
      '',
      '`Retry`, used in the props above:',
      '',
      '| prop       | type     | default  | what it is                                               |',
      '| ---------- | -------- | -------- | -------------------------------------------------------- |',
      '| `attempts` | `number` | required | Attempts before a message goes to the dead-letter queue. |',
    ]);
  });

  it('lists the public readonly members and methods as outputs, not the private ones', () => {
    expect(outputsSection(constructs).split('\n')).toEqual([
      '`Queue`:',
      '',
      '| member             | type       | what it is                 |',
      '| ------------------ | ---------- | -------------------------- |',
      "| `.arn`             | `string`   | The queue's ARN.           |",
      '| `.queue`           | `SqsQueue` |                            |',
      '| `.grantSend(role)` | `void`     | Lets `role` send messages. |',
    ]);
  });

  it('rewrites only what stands between the markers', () => {
    const readme =
      '# queue\n\nProse.\n\n## Props\n\n<!-- generated:props -->\nold\n<!-- /generated:props -->\n\nMore prose.\n';
    const rendered = renderModuleReadme(readme, constructs);
    expect(rendered).toMatch(
      /^# queue\n\nProse\.\n\n## Props\n\n<!-- generated:props -->\n\n`QueueProps`:/,
    );
    expect(rendered).toMatch(/<!-- \/generated:props -->\n\nMore prose\.\n$/);
    expect(rendered).not.toContain('old');
  });
});
