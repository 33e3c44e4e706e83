import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lintDockerfile, lintDockerfiles } from './dockerfile-lint';

const good = [
  'FROM node:22.12-bookworm-slim AS build',
  'RUN npm ci',
  'FROM gcr.io/distroless/nodejs22-debian12@sha256:0123abcd',
  'COPY --from=build /app /app',
  'USER 10001:10001',
].join('\n');

describe('lintDockerfile', () => {
  it('accepts pinned images, a build stage and a non-root user', () => {
    expect(lintDockerfile(good)).toEqual([]);
  });

  it.each([
    ['an untagged image', 'FROM node\nUSER 1000', /FROM node is not pinned/],
    ['latest', 'FROM node:latest\nUSER 1000', /FROM node:latest is not pinned/],
    ['ADD of a URL', 'FROM node:22\nADD https://example.com/x.tgz /x\nUSER 1000', /ADD of a URL/],
    ['no USER', 'FROM node:22', /runs as root/],
    ['USER root', 'FROM node:22\nUSER root', /runs as root/],
    ['USER 0:0', 'FROM node:22\nUSER 0:0', /runs as root/],
  ])('refuses %s', (_what, text, message) => {
    expect(lintDockerfile(text)).toEqual([expect.stringMatching(message)]);
  });

  it('judges the user of the final stage only', () => {
    expect(lintDockerfile('FROM node:22 AS a\nUSER 1000\nFROM node:22\n')).toEqual([
      expect.stringMatching(/runs as root/),
    ]);
  });

  it('does not mistake a registry port for a tag', () => {
    expect(lintDockerfile('FROM registry.local:5000/app\nUSER 1000')).toEqual([
      expect.stringMatching(/not pinned/),
    ]);
  });
});

describe('lintDockerfiles', () => {
  it('finds Dockerfiles outside node_modules and prefixes problems with the file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'dockerfiles-'));
    try {
      mkdirSync(path.join(root, 'apps', 'api'), { recursive: true });
      mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true });
      writeFileSync(path.join(root, 'apps', 'api', 'Dockerfile'), 'FROM node\nUSER 1000\n');
      writeFileSync(path.join(root, 'node_modules', 'x', 'Dockerfile'), 'FROM node\n');
      expect(lintDockerfiles(root)).toEqual({
        files: ['apps/api/Dockerfile'],
        problems: [
          'apps/api/Dockerfile: line 1: FROM node is not pinned: use a version tag (not latest) or a digest',
        ],
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
