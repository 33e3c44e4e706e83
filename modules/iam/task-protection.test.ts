import { taskProtectionStatement } from './task-protection';

describe('taskProtectionStatement', () => {
  it("sets and reads scale-in protection of one cluster's tasks only", () => {
    expect(taskProtectionStatement('aws', 'eu-west-1', '111122223333', 'skyport-dev')).toEqual({
      sid: 'ProtectTasksWhileProcessing',
      effect: 'Allow',
      actions: ['ecs:UpdateTaskProtection', 'ecs:GetTaskProtection'],
      resources: ['arn:aws:ecs:eu-west-1:111122223333:task/skyport-dev/*'],
    });
  });
});
