import { afterEach, beforeAll, beforeEach } from '@jest/globals';
import { type CfnSpec, loadCfnSpec } from '../cfn-spec.js';
import { CopilotCopy } from './copilot-copy.js';

/**
 * Registers the calling suite's hooks: the CloudFormation spec is loaded once, and each test gets its own fresh
 * {@link CopilotCopy}, removed after it.
 */
export function copilotCopyPerTest(): { readonly copy: CopilotCopy; readonly spec: CfnSpec } {
  let spec: CfnSpec | undefined;
  let copy: CopilotCopy | undefined;
  beforeAll(async () => {
    spec = await loadCfnSpec();
  });
  beforeEach(async () => {
    copy = await CopilotCopy.create(spec as CfnSpec);
  });
  afterEach(async () => {
    await copy?.dispose();
    copy = undefined;
  });
  return {
    get copy() {
      if (!copy) throw new Error('copilotCopyPerTest: the copy exists only while a test runs');
      return copy;
    },
    get spec() {
      if (!spec) throw new Error('copilotCopyPerTest: the spec is loaded in beforeAll');
      return spec;
    },
  };
}
