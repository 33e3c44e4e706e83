import { sendTracesStatement } from './send-traces';

describe('sendTracesStatement', () => {
  it('sends segments and telemetry and reads sampling rules, on * because X-Ray has no resource types', () => {
    expect(sendTracesStatement()).toEqual({
      sid: 'SendTracesToXRay',
      effect: 'Allow',
      actions: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      resources: ['*'],
    });
  });
});
