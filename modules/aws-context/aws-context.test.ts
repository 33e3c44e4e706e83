import { resourcesOf, synthConstructs } from '../testing';
import { Construct } from 'constructs';
import { awsContext } from './aws-context';

describe('awsContext', () => {
  it('reads account, partition and region once per stack however many constructs ask', () => {
    const seen: string[] = [];
    const json = synthConstructs((scope) => {
      for (const id of ['a', 'b', 'c']) seen.push(awsContext(new Construct(scope, id)).accountId);
    });
    expect(new Set(seen).size).toBe(1);
    for (const type of ['aws_caller_identity', 'aws_partition', 'aws_region']) {
      expect(Object.keys(json.data?.[type] ?? {})).toHaveLength(1);
    }
    expect(resourcesOf(json, 'aws_caller_identity')).toEqual({});
  });
});
