/** New Sequence: name, and whether it ends by dropping the message. */
import { expressionStyleFor } from '../../model/builders/expression-style';
import { buildSequence } from '../../model/builders/sequence';
import type { ArtifactWizard } from './artifact-wizard';
import { nameStep } from './artifact-wizard';

export interface SequenceWizardState {
  name: string;
  drop: boolean;
}

export const newSequenceWizard: ArtifactWizard<SequenceWizardState> = {
  kind: 'sequence',
  title: 'New Sequence',
  totalSteps: 2,
  initial: () => ({ name: '', drop: false }),
  first: (env) =>
    nameStep(env, 'sequence', 'Sequence', async (input, state) => {
      state.drop = await input.pick({
        id: 'drop',
        title: 'End of the sequence',
        items: [
          { label: 'Continue', description: 'the caller goes on after it', value: false },
          { label: 'Drop the message', description: 'for a message processor\'s sequence', value: true },
        ],
        active: state.drop,
      });
    }),
  build: (s, env) => buildSequence({ ...s, expressionStyle: expressionStyleFor(env.project.runtimeVersion) }),
};
