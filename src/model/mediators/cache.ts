/** The `<cache>` mediator as the editor and the validator know it; the runtime's half is runtime/mediators/cache.ts. */
import { description, key } from '../validate/element-spec';
import { defineMediatorLanguage } from './language';

export default defineMediatorLanguage({
  element: 'cache',
  id: 'cache',
  elements: {
    cache: {
      name: 'cache',
      doc: 'Answers a request seen before (same URL, headers and body) from memory: a finder in the request path, `collector="true"` after the call stores the answer.',
      attrs: {
        collector: { type: 'boolean', default: 'false', doc: 'Store the current answer for the request a finder looked up, instead of looking up.' },
        timeout: { type: 'integer', default: '5000', doc: 'Seconds an entry lives, counted from the first request that missed.' },
        maxMessageSize: { type: 'integer', doc: 'Answers larger than this many bytes are not stored (-1 or absent: any size).' },
        id: { type: 'string', doc: 'Older (EI 6) form; no effect.' },
        scope: { type: 'string', doc: 'Older (EI 6) form; no effect: the cache is always local.' },
        hashGenerator: { type: 'string', doc: 'Older (EI 6) form of `<protocol><hashGenerator>`.' },
        description,
      },
      children: { onCacheHit: 'cache.onCacheHit', protocol: 'cache.protocol', implementation: 'cache.implementation' },
    },
    'cache.onCacheHit': {
      name: 'onCacheHit',
      doc: 'Runs on a hit with the cached answer as the message (or `sequence`); the flow ends after it, so answer with `respond`. Without it the cached answer goes straight back.',
      attrs: { sequence: key('sequence', 'Run this sequence instead of inline mediators.') },
      mediators: true,
    },
    'cache.protocol': {
      name: 'protocol',
      doc: 'What is cached for HTTP.',
      attrs: { type: { type: 'string', default: 'HTTP', doc: 'Only HTTP is run by Conduit.' } },
      children: {
        methods: 'cache.text',
        headersToExcludeInHash: 'cache.text',
        headersToIncludeInHash: 'cache.text',
        responseCodes: 'cache.text',
        enableCacheControl: 'cache.text',
        includeAgeHeader: 'cache.text',
        hashGenerator: 'cache.text',
      },
    },
    'cache.text': { name: '*', doc: 'Comma-separated methods or headers (`*` for all), a response-code regular expression, true/false, or the hash generator class.', attrs: {}, free: true },
    'cache.implementation': {
      name: 'implementation',
      doc: 'The in-memory store.',
      attrs: { maxSize: { type: 'integer', default: '1000', doc: 'Entries kept at most; the oldest goes first (-1: no bound).' }, type: { type: 'string', default: 'memory', doc: 'Only memory is run by Conduit.' } },
    },
  },
});
