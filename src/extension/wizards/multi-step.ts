/**
 * Wizards are chains of small step functions (as in vscode-extension-samples' quickinput-sample): each step
 * asks one question through a `WizardInput` and returns the next step. Back and Cancel are handled here
 * once. The same steps run against the real QuickPick/InputBox (`QuickInputWizard`) or against prefilled
 * answers (`ScriptedInput`), so a command invoked with an argument object goes through exactly the code
 * a user's clicks do.
 */
import * as vscode from 'vscode';

export interface PickItem<T = string> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface PickOptions<T> {
  /** Key of the answer in scripted input. */
  id: string;
  title: string;
  placeholder?: string;
  items: readonly PickItem<T>[];
  /** Value of the item preselected (the default). */
  active?: T;
}

export interface TextOptions {
  id: string;
  title: string;
  prompt?: string;
  /** The default, shown filled in. */
  value?: string;
  password?: boolean;
  validate: (value: string) => string | undefined;
}

export interface WizardInput {
  pick<T>(options: PickOptions<T>): Promise<T>;
  text(options: TextOptions): Promise<string>;
}

export type WizardStep<S> = (input: WizardInput, state: S) => Promise<WizardStep<S> | void>;

class BackSignal extends Error {}
/** Thrown when the user cancels a wizard (Escape or closing the input). */
export class WizardCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Runs a chain of steps. Back re-runs the previous step with the state as it is, so earlier answers are
 * offered again as the defaults.
 */
export async function runWizard<S>(first: WizardStep<S>, input: WizardInput & { setStep?(step: number): void }, state: S): Promise<S> {
  const history: WizardStep<S>[] = [];
  let step: WizardStep<S> | void = first;
  while (step) {
    history.push(step);
    input.setStep?.(history.length);
    try {
      step = await step(input, state);
    } catch (err) {
      if (!(err instanceof BackSignal)) throw err;
      history.pop();
      step = history.pop();
      if (!step) step = first;
    }
  }
  return state;
}

/** Answers prompts from a record keyed by prompt id; a missing answer takes the default, as Enter would. */
export class ScriptedInput implements WizardInput {
  /** Prompt ids in the order they were asked (tests check the chain of questions). */
  readonly asked: string[] = [];
  constructor(private readonly answers: Record<string, string>) {}

  async pick<T>(o: PickOptions<T>): Promise<T> {
    this.asked.push(o.id);
    const given = this.answers[o.id];
    if (given === undefined) {
      if (o.active !== undefined) return o.active;
      if (o.items.length === 0) throw new Error(`${o.title}: nothing to pick from`);
      return o.items[0].value;
    }
    const hit = o.items.find((i) => String(i.value) === given || i.label === given);
    if (!hit) throw new Error(`${o.title}: "${given}" is not one of ${o.items.map((i) => i.label).join(', ')}`);
    return hit.value;
  }

  async text(o: TextOptions): Promise<string> {
    this.asked.push(o.id);
    const value = this.answers[o.id] ?? o.value ?? '';
    const problem = o.validate(value);
    if (problem) throw new Error(`${o.title}: ${problem}`);
    return value;
  }
}

/** The interactive input: one QuickPick or InputBox per step, with a Back button after the first step. */
export class QuickInputWizard implements WizardInput {
  private step = 1;
  constructor(private readonly title: string, private readonly totalSteps?: number) {}

  setStep(step: number): void {
    this.step = step;
  }

  pick<T>(o: PickOptions<T>): Promise<T> {
    const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { value: T }>();
    qp.title = `${this.title}: ${o.title}`;
    qp.step = this.step;
    qp.totalSteps = this.totalSteps;
    qp.placeholder = o.placeholder;
    qp.items = o.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, value: i.value }));
    const active = qp.items.find((i) => i.value === o.active);
    if (active) qp.activeItems = [active];
    qp.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    return this.show(qp, (resolve) => [
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen) resolve(chosen.value);
      }),
    ]);
  }

  text(o: TextOptions): Promise<string> {
    const box = vscode.window.createInputBox();
    box.title = `${this.title}: ${o.title}`;
    box.step = this.step;
    box.totalSteps = this.totalSteps;
    box.prompt = o.prompt;
    box.value = o.value ?? '';
    box.password = o.password ?? false;
    box.buttons = this.step > 1 ? [vscode.QuickInputButtons.Back] : [];
    box.validationMessage = o.validate(box.value);
    return this.show(box, (resolve) => [
      // Checked as typed, so the user sees the problem before pressing Enter.
      box.onDidChangeValue((v) => (box.validationMessage = o.validate(v))),
      box.onDidAccept(() => {
        const problem = o.validate(box.value);
        box.validationMessage = problem;
        if (!problem) resolve(box.value);
      }),
    ]);
  }

  private show<R>(
    input: vscode.QuickPick<vscode.QuickPickItem & { value: unknown }> | vscode.InputBox,
    wire: (resolve: (v: R) => void) => vscode.Disposable[],
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
        disposables.forEach((d) => d.dispose());
        input.dispose();
      };
      const disposables = [
        ...wire((v) => finish(() => resolve(v))),
        input.onDidTriggerButton((b) => {
          if (b === vscode.QuickInputButtons.Back) finish(() => reject(new BackSignal()));
        }),
        input.onDidHide(() => finish(() => reject(new WizardCancelled()))),
      ];
      input.show();
    });
  }
}
