import { sendTracesStatement } from './send-traces';

describe('sendTracesStatement', () => {
  it('sends segments and telemetry and reads sampling rules, on * because X-Ray has no resource types', () => {
    const statement = sendTracesStatement();
    expect(statement).toMatchObject({ sid: 'SendTracesToXRay', effect: 'Allow', resources: ['*'] });
    expect(statement.condition).toBeUndefined();
    // Sorted: what is granted matters here, not the order it is written in.
    expect([...(statement.actions ?? [])].sort()).toEqual([
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
  });
});
