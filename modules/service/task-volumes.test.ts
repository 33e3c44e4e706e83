import { onlyResource } from '../testing';
import { api, containersOf, synth } from './task-definition-fixture';

describe('TaskDefinition', () => {
  const json = synth();
  const containers = containersOf(json);

  it('mounts a task-scoped volume at each writable path (/tmp by default), one volume per distinct path', () => {
    const task = onlyResource(json, 'aws_ecs_task_definition');
    expect(task.volume).toEqual([{ name: 'tmp' }, { name: 'app--cache' }]);
    expect(containers[0]?.mountPoints).toEqual([
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
      { sourceVolume: 'app--cache', containerPath: '/app/.cache', readOnly: false },
    ]);
    expect(containers[1]?.mountPoints).toEqual([
      { sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false },
    ]);
  });

  it('leaves a container with no writable paths entirely read-only', () => {
    const sealed = synth({ containers: [{ ...api, writablePaths: [] }] });
    expect(containersOf(sealed)[0]?.mountPoints).toBeUndefined();
    expect(onlyResource(sealed, 'aws_ecs_task_definition').volume).toBeUndefined();
  });
});
