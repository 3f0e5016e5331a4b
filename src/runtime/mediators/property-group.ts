/**
 * `<propertyGroup>` (MI 4.4): a list of `<property>` mediators run in order, each read exactly as a
 * property mediator on its own (PropertyGroupMediatorFactory).
 */
import { elements } from '../../model/xml';
import property, { type PropertyConfig } from './property';
import { defineMediator } from './types';

export default defineMediator<PropertyConfig[]>({
  name: 'propertyGroup',
  parse(el, ctx) {
    const list: PropertyConfig[] = [];
    for (const c of elements(el)) {
      if (c.local === 'description') continue;
      // MI skips anything else without a word; a misplaced mediator here is refused instead of lost.
      if (c.local !== 'property' || c.ns !== el.ns) ctx.fail('CONDUIT_SCHEMA_UNKNOWN_ELEMENT', `<${c.name}> is not allowed in <propertyGroup>; expected <property>, <description>`, c);
      list.push(property.parse(c, ctx));
    }
    return list;
  },
  async mediate(list, msg, env) {
    for (const c of list) await property.mediate(c, msg, env);
    return true;
  },
});
