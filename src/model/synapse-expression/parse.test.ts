import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from './ast';
import { findTemplateExpressions, parseSynapseExpression, SYNAPSE_FUNCTIONS, variablesReferenced, wholeExpression } from './index';

function tree(text: string): Expr {
  const r = parseSynapseExpression(text);
  assert.deepEqual(r.errors, [], `${text} should parse`);
  return r.ast as Expr;
}

/** A compact form of the tree that shows grouping: (a op b). */
function shape(e: Expr): string {
  switch (e.kind) {
    case 'binary':
      return `(${shape(e.left)} ${e.op} ${shape(e.right)})`;
    case 'conditional':
      return `(${shape(e.test)} ? ${shape(e.then)} : ${shape(e.else)})`;
    case 'literal':
      return String(e.value);
    case 'vars':
      return `vars.${e.name}`;
    case 'call':
      return `${e.name}(${e.args.map(shape).join(',')})`;
    default:
      return e.kind;
  }
}

describe('Synapse expression grammar: precedence', () => {
  it('follows MI: * over +, + over and/or, and/or over comparisons, ternary last', () => {
    assert.equal(shape(tree('1 + 2 * 3')), '(1 + (2 * 3))');
    assert.equal(shape(tree('1 - 2 - 3')), '((1 - 2) - 3)');
    assert.equal(shape(tree('vars.a > 1 and vars.b < 2')), '((vars.a > (1 and vars.b)) < 2)');
    assert.equal(shape(tree('true && true && false')), '(true and (true and false))');
    assert.equal(shape(tree('true or false and false')), '(true or (false and false))');
    assert.equal(shape(tree('1 + 1 == 2 ? "y" : "n"')), '(((1 + 1) == 2) ? y : n)');
    assert.equal(shape(tree('(1 > 0) and (2 > 1)')), '((1 > 0) and (2 > 1))');
  });
  it("keeps '-' inside names and reads '-3' as a number", () => {
    assert.equal(shape(tree('vars.a-1')), 'vars.a-1');
    assert.equal(shape(tree('vars.a - 1')), '(vars.a - 1)');
    assert.equal(parseSynapseExpression('5 -3').errors[0].offset, 2);
  });
  it("has no '!' operator", () => {
    const [e] = parseSynapseExpression('!true').errors;
    assert.equal(e.offset, 0);
    assert.match(e.message, /not\(/);
  });
  it('gives every node its source span', () => {
    const e = tree('toUpper(payload.name) + "x"');
    assert.equal(e.kind, 'binary');
    if (e.kind !== 'binary') return;
    assert.deepEqual([e.offset, e.length], [0, 27]);
    assert.deepEqual([e.left.offset, e.left.length], [0, 21]);
    assert.deepEqual([e.right.offset, e.right.length], [24, 3]);
    if (e.left.kind !== 'call') return assert.fail('call expected');
    assert.deepEqual(e.left.nameSpan, { offset: 0, length: 7 });
    assert.deepEqual([e.left.args[0].offset, e.left.args[0].length], [8, 12]);
  });
});

describe('Synapse expression grammar: accesses and paths', () => {
  it('parses every access form', () => {
    for (const t of [
      'payload',
      '$',
      'payload.a.b[0]',
      '$..book[?(@.price > integer(headers.price))].title',
      '$.cars[-1:]',
      'payload.[:4]',
      '$.cars[$.index,4]',
      'vars["json2"].store.["book"][?(@.price > payload.expensive)].title',
      'headers["te st"]',
      'headers.Content-Type',
      'configs.url',
      'params.queryParams.q',
      'params.pathParams["id"]',
      'props.synapse.x',
      'properties.axis2.HTTP_SC',
      "registry('gov:/c.json').property('k')",
      "$..book[?(@.author =~ /.*Tolkien/i)]",
      "$..book[?(@.category in ['a','b'] && !(@.price < 5))]",
      'payload.payload.vars.pqr',
      '$.store.book.length()',
      '[1, "a", true, null]',
    ]) {
      tree(t);
    }
  });
  it('reports errors with the offset where the text stops fitting', () => {
    assert.deepEqual(parseSynapseExpression('payload.').errors.map((e) => e.offset), [8]);
    assert.deepEqual(parseSynapseExpression('vars.a +').errors.map((e) => e.offset), [8]);
    assert.deepEqual(parseSynapseExpression('var.x').errors.map((e) => [e.offset, e.length]), [[0, 4]]);
    const [unknown] = parseSynapseExpression('1 + nope(2)').errors;
    assert.deepEqual([unknown.offset, unknown.length], [4, 4]);
    assert.match(unknown.message, /unknown function 'nope'/);
    assert.match(parseSynapseExpression('subString("a")').errors[0].message, /subString takes 2 to 3 arguments/);
    assert.match(parseSynapseExpression('params.uriParams.x').errors[0].message, /pre-release name of path parameters: .* params\.pathParams/);
    assert.match(parseSynapseExpression('params.headerParams.x').errors[0].message, /unknown parameter source/);
    assert.match(parseSynapseExpression('var.x').errors[0].message, /pre-release form of variables: .* vars\.<name>/);
    assert.match(parseSynapseExpression('1 + var.x').errors[0].message, /pre-release form/);
    assert.doesNotMatch(parseSynapseExpression('vars.x.').errors[0].message, /pre-release/);
    assert.match(parseSynapseExpression('props.transport.x').errors[0].message, /unknown property scope/);
    assert.equal(parseSynapseExpression('(1 + 2').errors[0].offset, 6);
    assert.equal(parseSynapseExpression('"open').errors[0].offset, 0);
    assert.equal(parseSynapseExpression('').errors.length, 1);
  });
  it('reads a chain of 20,000 operations and walks its tree, which nests as deep', () => {
    assert.deepEqual(variablesReferenced(tree(`${'vars.a + '.repeat(20_000)}vars.b`)), ['a', 'b']);
  });
  it('reports brackets nested too deep for the parser as an error of the expression, without throwing', () => {
    assert.deepEqual(parseSynapseExpression(`${'('.repeat(5000)}1${')'.repeat(5000)}`).errors, [{ message: 'the expression nests too deeply to be read', offset: 0, length: 10_001 }]);
    assert.equal(shape(tree('(1 + 2) * 3')), '((1 + 2) * 3)');
  });
});

describe('Synapse expression templates and helpers', () => {
  it('finds each ${...} non-greedily, with offsets', () => {
    const text = 'Order ${vars.orderId} for ${payload.customer.name}';
    const found = findTemplateExpressions(text);
    assert.deepEqual(
      found.map((f) => [f.text, f.offset, f.start, f.length]),
      [
        ['vars.orderId', 8, 6, 15],
        ['payload.customer.name', 28, 26, 24],
      ],
    );
    assert.equal(text.slice(found[1].offset, found[1].offset + found[1].text.length), 'payload.customer.name');
    assert.deepEqual(findTemplateExpressions('{"a":${payload.x}}').map((f) => f.text), ['payload.x']);
    assert.deepEqual(findTemplateExpressions('${} and ${a}}').map((f) => f.text), ['} and ${a']);
  });
  it('recognises a whole-value expression attribute', () => {
    assert.equal(wholeExpression('${vars.a + 1}'), 'vars.a + 1');
    assert.equal(wholeExpression('//name'), undefined);
  });
  it('lists the variables an expression reads', () => {
    assert.deepEqual(variablesReferenced(tree('vars.a + length(vars["b"]) + payload.x[vars.a] + $..y[?(@.z == vars.c)]')), ['a', 'b', 'c']);
  });
  it('has a signature and a doc line for every function', () => {
    for (const f of SYNAPSE_FUNCTIONS) {
      assert.ok(f.signature.startsWith(`${f.name}(`), f.name);
      assert.ok(f.doc.length > 10, f.name);
      assert.ok(f.minArgs <= f.maxArgs, f.name);
    }
    assert.equal(new Set(SYNAPSE_FUNCTIONS.map((f) => f.name)).size, SYNAPSE_FUNCTIONS.length);
  });
});
