import {
  AccessDeniedException,
  InternalServerException,
  ModelErrorException,
  ModelNotReadyException,
  ModelStreamErrorException,
  ModelTimeoutException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { BedrockHttpException, toBedrockHttpException } from './bedrock-errors';

const SECRET = 'arn:aws:iam::123456789012:role/skyport-api AKIAEXAMPLE';
const metadata = { $metadata: { httpStatusCode: 400, requestId: 'req-1' }, message: SECRET };

describe('toBedrockHttpException', () => {
  it.each([
    ['ThrottlingException', new ThrottlingException(metadata), 429, 10, /too many requests/],
    [
      'ServiceQuotaExceededException',
      new ServiceQuotaExceededException(metadata),
      429,
      60,
      /quota/,
    ],
    [
      'ValidationException',
      new ValidationException(metadata),
      400,
      undefined,
      /refused this conversation/,
    ],
    [
      'AccessDeniedException',
      new AccessDeniedException(metadata),
      503,
      undefined,
      /access to the language model is not granted/,
    ],
    [
      'ResourceNotFoundException',
      new ResourceNotFoundException(metadata),
      503,
      undefined,
      /model was not found/,
    ],
    ['ModelNotReadyException', new ModelNotReadyException(metadata), 503, 30, /starting up/],
    [
      'ServiceUnavailableException',
      new ServiceUnavailableException(metadata),
      503,
      30,
      /unavailable/,
    ],
    ['ModelTimeoutException', new ModelTimeoutException(metadata), 504, undefined, /too long/],
    [
      'InternalServerException',
      new InternalServerException(metadata),
      502,
      undefined,
      /failed to answer/,
    ],
    [
      'ModelStreamErrorException',
      new ModelStreamErrorException(metadata),
      502,
      undefined,
      /failed to answer/,
    ],
    ['ModelErrorException', new ModelErrorException(metadata), 502, undefined, /failed to answer/],
  ])('maps %s', (name, error, status, retryAfter, message) => {
    const mapped = toBedrockHttpException(error);
    expect(mapped).toBeInstanceOf(BedrockHttpException);
    expect(mapped.getStatus()).toBe(status);
    expect(mapped.retryAfterSeconds).toBe(retryAfter);
    expect(mapped.upstreamName).toBe(name);
    expect(mapped.message).toMatch(message);
    expect(mapped.cause).toBe(error);
  });

  it('never puts the upstream message in the response body', () => {
    for (const error of [new AccessDeniedException(metadata), new Error(SECRET), SECRET]) {
      const body = JSON.stringify(toBedrockHttpException(error).getResponse());
      expect(body).not.toContain('123456789012');
      expect(body).not.toContain('AKIA');
    }
  });

  it('answers the body shape of every other error', () => {
    expect(toBedrockHttpException(new ThrottlingException(metadata)).getResponse()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'the assistant is receiving too many requests; try again in a few seconds',
    });
  });

  it('treats the SDK timeout as 504 and anything unknown as 502', () => {
    const timeout = Object.assign(new Error('Stream timed out because of no activity'), {
      name: 'TimeoutError',
    });
    expect(toBedrockHttpException(timeout).getStatus()).toBe(504);
    expect(toBedrockHttpException(new Error('socket hang up')).getStatus()).toBe(502);
    expect(toBedrockHttpException(undefined).getStatus()).toBe(502);
    expect(toBedrockHttpException({ name: 'toString' }).getStatus()).toBe(502);
  });

  it('leaves an already mapped error as it is', () => {
    const mapped = toBedrockHttpException(new ModelTimeoutException(metadata));
    expect(toBedrockHttpException(mapped)).toBe(mapped);
  });
});
