/**
 * Valid Fargate task sizes (Linux): CPU units → allowed memory in MiB. Copilot does not check the pair; a wrong one
 * fails only when ECS registers the task definition. Source: Amazon ECS developer guide, "Task CPU and memory"
 * (task-cpu-memory-error.html), linked from Copilot's include/task-size.en.md.
 */
const GiB = 1024;
const range = (fromGiB: number, toGiB: number, stepGiB: number) =>
  Array.from({ length: (toGiB - fromGiB) / stepGiB + 1 }, (_, index) => (fromGiB + index * stepGiB) * GiB);

export const FARGATE_TASK_SIZES: Record<number, number[]> = {
  256: [512, 1 * GiB, 2 * GiB],
  512: range(1, 4, 1),
  1024: range(2, 8, 1),
  2048: range(4, 16, 1),
  4096: range(8, 30, 1),
  8192: range(16, 60, 4),
  16384: range(32, 120, 8),
};

export function isValidFargateSize(cpu: number, memory: number): boolean {
  return FARGATE_TASK_SIZES[cpu]?.includes(memory) ?? false;
}
