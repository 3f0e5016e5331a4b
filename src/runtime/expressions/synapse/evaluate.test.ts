import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageContext, Payload } from '../../message';
import { compileSynapseExpression, evaluateSynapseExpression, evaluateTemplate, renderResult, scopeFromMessage, SynapseNumber, type SynapseScope } from './index';

const P1 = '{"name":"John","age":30,"cars":["Ford","BMW","Fiat","Honda","Lexus","KIA"],"index":1,"string":" Hello World ","null":null}';
const BOOKS = JSON.stringify({
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
      { category: 'fiction', author: 'J.R.R. Tolkien', title: 'The Lord of the Rings', isbn: '0-395-19395-8', price: 22.99 },
      { category: 'fiction', author: 'Harper Lee', title: 'To Kill a Mockingbird', price: 10.99 },
      { category: 'fiction', author: 'George Orwell', title: 'Animal Farm', price: 7.99 },
      { category: 'biography', author: 'Anne Frank', title: 'The Diary of a Young Girl', price: 6.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
  selectedCategory: 'biography',
});

function message(body = P1): MessageContext {
  const msg = new MessageContext();
  msg.setPayload(Payload.json(body));
  msg.transportHeaders.set('price', '10');
  msg.transportHeaders.set('numerical', '400');
  msg.transportHeaders.set('te st', 'HELLO');
  return msg;
}

/** Evaluates `${text}` against a message and returns what MI would print plus the warnings. */
function run(text: string, msg = message()): { out: string; warnings: string[] } {
  const warnings: string[] = [];
  const scope = scopeFromMessage(msg, { warn: (m) => warnings.push(m) });
  return { out: renderResult(evaluateSynapseExpression(compileSynapseExpression(text), scope)), warnings };
}
const out = (text: string, msg?: MessageContext) => run(text, msg).out;

describe('Synapse expressions: the ten examples of the reference (4.4)', () => {
  it('1. payload access', () => {
    assert.equal(out('payload.name'), 'John');
    assert.equal(out('payload["name"]'), 'John');
    assert.equal(out('$.cars[$.index]'), 'BMW');
  });
  it('2. slices and a missing index', () => {
    assert.equal(out('$.cars[:2]'), '["Ford","BMW"]');
    assert.equal(out('$.cars[-1:]'), '["KIA"]');
    const r = run('$.cars[10]');
    assert.equal(r.out, '');
    assert.equal(r.warnings.length, 1);
  });
  it('3. string functions', () => {
    assert.equal(out('length(payload.cars)'), '6');
    assert.equal(out('toUpper(payload.name)'), 'JOHN');
    assert.equal(out('subString("Lahiru",2,4)'), 'hi');
  });
  it('4. int and double arithmetic', () => {
    assert.equal(out('5.5 + 3.5'), '9.0');
    assert.equal(out('9 / 3'), '3');
    assert.equal(out('5/10'), '0.5');
    assert.equal(out('2147483647 + 1'), '2147483648');
    const r = run('5/0');
    assert.equal(r.out, '');
    assert.match(r.warnings[0], /^Error evaluating expression: 5\/0 cause : Division by zero$/);
  });
  it('5. string concatenation', () => {
    assert.equal(out('"abc" + "xyz"'), 'abcxyz');
    assert.equal(out('"abc" + 5'), '');
  });
  it('6. null and logic', () => {
    assert.equal(out('null == payload["null"]'), 'true');
    assert.equal(out('5 > null'), '');
    assert.equal(out('true && true && false'), 'false');
  });
  it('7. the conditional', () => {
    assert.equal(out('5.2 > 5 ? 5 : 4'), '5');
    assert.equal(out('"bla" ? true : 123'), '');
  });
  it('8. headers are read as numbers when they are numbers', () => {
    assert.equal(out('integer(headers.numerical) + 4'), '404');
    assert.equal(out('toLower(headers["te st"]) + " World"'), 'hello World');
  });
  it('9. a filter with an expression inside', () => {
    assert.equal(out('$..book[?(@.price > integer(headers.price))].title', message(BOOKS)), '["The Lord of the Rings","To Kill a Mockingbird"]');
  });
  it('10. split, exists and a missing path', () => {
    assert.equal(out('split("a,b", ",")'), '["a","b"]');
    assert.equal(out('exists(payload.missing)'), 'false');
    const r = run('payload.missing');
    assert.equal(r.out, '');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0], /^Error evaluating expression: payload\.missing cause : /);
  });
});

describe('Synapse expressions: JSONPath as Jayway answers it', () => {
  const books = () => message(BOOKS);
  it('walks wildcards, recursive descent and filters', () => {
    assert.equal(out('$.store.book[3].*', books()), '["fiction","Harper Lee","To Kill a Mockingbird",10.99]');
    assert.equal(out('$..price', books()), '[8.95,8.99,22.99,10.99,7.99,6.99,19.95]');
    assert.equal(out("$..book[?(@.author=='George Orwell')].title", books()), '["Animal Farm"]');
    assert.equal(out('$..book[?(@.category==payload.selectedCategory)].title', books()), '["The Diary of a Young Girl"]');
    assert.equal(out('$..book[?(@.isbn)].title', books()), '["Moby Dick","The Lord of the Rings"]');
    assert.equal(out('$..book[?(@.author =~ /.*tolkien/i)].title', books()), '["The Lord of the Rings"]');
    assert.equal(out("$..book[?(@.category == 'biography' || @.category == 'reference')].title", books()), '["Sayings of the Century","The Diary of a Young Girl"]');
    assert.equal(out('$..*'), '["John",30,["Ford","BMW","Fiat","Honda","Lexus","KIA"],1," Hello World ",null,"Ford","BMW","Fiat","Honda","Lexus","KIA"]');
    assert.equal(out('$.cars[$.index,4]'), '["BMW","Lexus"]');
    assert.equal(out('payload.cars[payload.index + 3:]'), '["Lexus","KIA"]');
    assert.equal(out('$.missing[*]'), '[]');
  });
  it('applies path functions', () => {
    assert.equal(out('$.store.book.length()', books()), '6');
    assert.equal(out('$..price.min()', books()), '6.99');
    assert.equal(out('$..price.max()', books()), '22.99');
    assert.equal(out('round($..price.avg())', books()), '12');
    assert.equal(out('object($.store.book.first()).title', books()), 'Sayings of the Century');
    assert.equal(out('$.store.book.[0].keys()', books()), '["category","author","title","price"]');
  });
  it('keeps the number text of the payload', () => {
    assert.equal(out('payload.p', message('{"p":10.50}')), '10.50');
  });
});

describe('Synapse expressions: variables, properties and parameters', () => {
  it('reads variables, applying paths to JSON text and typed numbers', () => {
    const msg = message();
    msg.variables.set('num1', SynapseNumber.int(10));
    msg.variables.set('num2', SynapseNumber.int(5));
    msg.variables.set('num3', SynapseNumber.double(-2.5));
    msg.variables.set('json3', '[1,2,3,"abc"]');
    msg.variables.set('a-1', 'dash');
    assert.equal(out('(vars.num1 * vars.num3) - vars.num2 + payload.index', msg), '-29.0');
    assert.equal(out('vars.json3[1]', msg), '2');
    assert.equal(out('vars["json3"][1]', msg), '2');
    assert.equal(out('vars.a-1', msg), 'dash');
    assert.equal(out('vars.num1[0]', msg), '');
    assert.equal(out('vars.random', msg), '');
  });
  it('reads params and props as numbers when they are numbers', () => {
    const msg = message();
    msg.setProperty('query.param.q', '42');
    msg.setProperty('uri.var.id', 'A1');
    msg.axis2.set('HTTP_SC', '200');
    assert.equal(out('params.queryParams.q + 1', msg), '43');
    assert.equal(out('params.pathParams.id', msg), 'A1');
    assert.equal(out('props.axis2.HTTP_SC == 200', msg), 'true');
    assert.equal(out('props.synapse.nothing', msg), '');
  });
});

describe('Synapse expressions: operators', () => {
  const scope = (): SynapseScope => scopeFromMessage(message());
  const value = (t: string) => renderResult(evaluateSynapseExpression(compileSynapseExpression(t), scope()));
  it('compares by text for == and by number for <', () => {
    assert.equal(value('"5" == 5'), 'true');
    assert.equal(value('5 == 5.0'), 'false');
    assert.equal(value('"a" < "b"'), '');
  });
  it('does decimal arithmetic on doubles and keeps ints', () => {
    assert.equal(value('0.1 + 0.2'), '0.3');
    assert.equal(value('2000000000.0 * 1'), '2.0E9');
    assert.equal(value('7 % 3'), '1');
    assert.equal(value('2147483647 * 2'), '4294967294');
    assert.equal(value('1 + 2 * 3'), '7');
    assert.equal(value('(1 + 2) * 3'), '9');
  });
  it('binds and/or tighter than comparisons', () => {
    // (1 > 0) and (2 > 1) is fine; without parentheses it is 1 > (0 and 2) > 1: an error.
    assert.equal(value('(1 > 0) and (2 > 1)'), 'true');
    assert.equal(value('1 > 0 and 2 > 1'), '');
    assert.equal(value('true or false and false'), 'true');
    assert.equal(value('not(true) || true'), 'true');
  });
});

describe('Synapse expressions: templates', () => {
  it('substitutes every ${...} of a log message', () => {
    const msg = message();
    msg.setProperty('uri.var.id', '7');
    assert.equal(evaluateTemplate('Order ${params.pathParams.id} for ${payload.name} (${payload.missing})', scopeFromMessage(msg)), 'Order 7 for John ()');
  });
});

describe('Synapse expressions: functions', () => {
  const v = (t: string) => out(t);
  it('implements the string, math, encoding and type functions', () => {
    assert.equal(v('trim(payload.string)'), 'Hello World');
    assert.equal(v('replace("a.b.c", ".", "-")'), 'a-b-c');
    assert.equal(v('indexOf("hello", "l")'), '2');
    assert.equal(v('charAt("hello", 1)'), 'e');
    assert.equal(v('startsWith("hello", "he") and endsWith("hello", "lo")'), 'true');
    assert.equal(v('abs(-5)'), '5');
    assert.equal(v('ceil(4.2)'), '5.0');
    assert.equal(v('sqrt(16)'), '4.0');
    assert.equal(v('pow(2, 10)'), '1024.0');
    assert.equal(v('round(2.345, 2)'), '2.35');
    assert.equal(v('base64encode("WSO2MI")'), 'V1NPMk1J');
    assert.equal(v('base64decode("V1NPMk1J")'), 'WSO2MI');
    assert.equal(v('urlEncode("a b*c+d")'), 'a%20b%2Ac%2Bd');
    assert.equal(v('urlDecode("a+b%20c")'), 'a b c');
    assert.equal(v('isNumber(payload.age) and isString(payload.name) and isArray(payload.cars)'), 'true');
    assert.equal(v('integer("12") + float("0.5")'), '12.5');
    assert.equal(v('boolean("true")'), 'true');
    assert.equal(v('string(5) + "x"'), '5x');
    assert.equal(v('array("[1,2]")'), '[1,2]');
    assert.equal(v('formatDateTime("2024-01-31", "yyyy-MM-dd", "dd/MM/yyyy")'), '31/01/2024');
  });
});

describe('Synapse expressions: the function table and the implementations agree', () => {
  it('implements every function of the table and nothing else', async () => {
    const { SYNAPSE_FUNCTIONS } = await import('../../../model/synapse-expression');
    const { FUNCTIONS } = await import('./functions');
    const table = SYNAPSE_FUNCTIONS.map((f) => f.name).sort();
    const implemented = [...Object.keys(FUNCTIONS), 'exists'].sort();
    assert.deepEqual(implemented, table);
  });
});
