import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateProject } from '../model/validate';
import { harness } from '../../test/helpers/mediation';
import { NS, projectFromXml } from '../../test/helpers/project-from-xml';
import { DeployError } from './deploy-error';

test('a Synapse mediator or connector operation Conduit does not run: refused at deploy and warned in the editor, in the same words', () => {
  for (const [mediator, words] of [
    ['<dblookup/>', /^<dblookup> is a Synapse mediator the Conduit runtime does not run yet/],
    ['<email.send configKey="SMTP"/>', /^<email.send>: the email connector is not one the Conduit runtime runs \(it runs http\)/],
    ['<http.trace configKey="Conn"/>', /^<http.trace>: the http connector has no operation 'trace' \(it has get, post, put, delete, patch, head, options\)/],
  ] as const) {
    let runtime: DeployError | undefined;
    try {
      harness().compile(`<log/>${mediator}`);
    } catch (err) {
      if (err instanceof DeployError) runtime = err;
      else throw err;
    }
    assert.equal(runtime?.code, 'CONDUIT_UNSUPPORTED', mediator);
    assert.match(runtime!.message, words);
    const problems = validateProject(projectFromXml({ 'sequences/S.xml': `<sequence name="S" ${NS}><log/>${mediator}</sequence>` }));
    assert.deepEqual(
      problems.map((p) => `${p.severity} ${p.code} ${p.message}`),
      [`warning CONDUIT_UNSUPPORTED ${runtime!.message}`],
    );
  }
  // a name Synapse does not know is still unknown to both
  assert.throws(() => harness().compile('<nosuch/>'), (err: unknown) => err instanceof DeployError && err.code === 'CONDUIT_MEDIATOR_UNKNOWN');
});
