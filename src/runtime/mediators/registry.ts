/**
 * Maps mediator element names to their modules. Registration refuses a name registered twice, so a
 * clash shows up when the runtime starts, not as a silently replaced mediator.
 */
import type { MediatorModule } from './types';

export class MediatorRegistry {
  private readonly modules = new Map<string, MediatorModule<unknown>>();

  register(module: MediatorModule<any>): this {
    if (this.modules.has(module.name)) throw new Error(`mediator '${module.name}' is registered twice`);
    this.modules.set(module.name, module as MediatorModule<unknown>);
    return this;
  }

  get(name: string): MediatorModule<unknown> | undefined {
    return this.modules.get(name);
  }

  names(): string[] {
    return [...this.modules.keys()].sort();
  }
}
