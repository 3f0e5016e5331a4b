/** Builds the deployed endpoint of a definition, members of groups included. */
import type { XmlElement } from '../../model/xml';
import { parseEndpointElement, type EndpointDefinition } from './definition';
import { LeafEndpoint, type Endpoint } from './endpoint';
import { FailoverEndpoint, LoadbalanceEndpoint } from './groups';
import { KeyEndpoint, ResolvingEndpoint } from './reference';
import { TemplateEndpoint } from './template-endpoint';

export function createEndpoint(def: EndpointDefinition): Endpoint {
  switch (def.kind) {
    case 'key':
      return new KeyEndpoint(def);
    case 'resolving':
      return new ResolvingEndpoint(def);
    case 'failover':
      return new FailoverEndpoint(def, def.members.map(createEndpoint));
    case 'loadbalance':
      return new LoadbalanceEndpoint(def, def.members.map(createEndpoint));
    case 'template':
      return new TemplateEndpoint(def, deployEndpoint);
    default:
      return new LeafEndpoint(def);
  }
}

/** Parses an `<endpoint>` element and builds it; throws DeployError with its location on bad input. */
export function deployEndpoint(el: XmlElement, file: string): Endpoint {
  return createEndpoint(parseEndpointElement(el, file));
}
