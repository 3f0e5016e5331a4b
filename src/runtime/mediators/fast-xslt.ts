/**
 * `<fastXSLT key>`: MI's streaming XSLT transforms the whole body with the stylesheet, and takes no
 * source, parameters or resources. Its result is the xslt mediator's on the body, so it runs as that.
 */
import { attr } from '../../model/xml';
import { defineMediator } from './types';
import xslt from './xslt';

type XsltConfig = ReturnType<typeof xslt.parse>;

export default defineMediator<XsltConfig>({
  name: 'fastXSLT',
  parse(el, ctx) {
    // The words of the editor's schema check, which reports the same.
    if (!attr(el, 'key')?.trim()) ctx.fail('CONDUIT_SCHEMA_MISSING_ATTRIBUTE', "<fastXSLT> needs the 'key' attribute: Registry key or local entry of the XSLT stylesheet.", el);
    return xslt.parse(el, ctx);
  },
  mediate: (config, msg, env) => xslt.mediate(config, msg, env),
});
