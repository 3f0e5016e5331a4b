/**
 * The real WSO2 tutorial projects live beside the repository in ../shared/reference. Tests that read
 * them skip with a printed reason where that folder is absent; the project's own fixtures under
 * test/fixtures keep the suite meaningful without it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';

export const REFERENCE_PROJECTS = resolve(__dirname, '..', '..', '..', 'shared', 'reference', 'wso2-tutorial-projects');

export const TUTORIALS = {
  1: 'sending-simple-message-tutorial',
  2: 'message-routing-tutorial',
  3: 'message-transformation-tutorial',
  4: 'service-orchestration-tutorial',
  5: 'StoreAndForwardTutorial',
} as const;

/** The SampleServices folder of tutorial n, or undefined (and the test skipped) when absent. */
export function referenceProject(t: TestContext, n: keyof typeof TUTORIALS): string | undefined {
  const dir = join(REFERENCE_PROJECTS, TUTORIALS[n], 'SampleServices');
  if (existsSync(dir)) return dir;
  t.skip(`reference projects not found at ${REFERENCE_PROJECTS}`);
  return undefined;
}
