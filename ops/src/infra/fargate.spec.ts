import { describe, expect, it } from '@jest/globals';
import { isValidFargateSize } from './fargate.js';

describe('Fargate task sizes', () => {
  it.each([
    [256, 512],
    [256, 2048],
    [512, 1024],
    [512, 4096],
    [1024, 8192],
    [4096, 30720],
    [8192, 61440],
    [16384, 122880],
  ])('accepts cpu %i with memory %i', (cpu, memory) => {
    expect(isValidFargateSize(cpu, memory)).toBe(true);
  });

  it.each([
    [256, 4096],
    [512, 512],
    [1024, 1024],
    [8192, 18432],
    [300, 1024],
  ])('rejects cpu %i with memory %i', (cpu, memory) => {
    expect(isValidFargateSize(cpu, memory)).toBe(false);
  });
});
