/** New Scheduled Task: interval or cron trigger → name → schedule, the sequence to inject into and the message. */
import { buildTask, TASK_TRIGGERS, type TaskTrigger } from '../../model/builders/task';
import { typedWizard } from './artifact-wizard';

export const newTaskWizard = typedWizard<TaskTrigger>({
  kind: 'task',
  title: 'New Scheduled Task',
  label: 'Scheduled task',
  typeTitle: 'Trigger',
  types: TASK_TRIGGERS,
  defaultType: 'interval',
  build: (s) => buildTask({ name: s.name, trigger: s.type, values: s.values }),
});
