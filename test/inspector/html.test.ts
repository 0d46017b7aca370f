// The inspector's one escaping function and the template built on it: what comes from events is text, never markup.
import { expect } from 'chai';
import { escapeHtml, html, prettyJson } from '../../src/inspector/html.js';
import { withoutSecrets } from '../../src/inspector/servers-shown.js';

describe('inspector HTML', () => {
  it('escapes the five characters that could end a text or a quoted attribute', () => {
    expect(escapeHtml(`<script>alert("x" + 'y') && 1</script>`)).to.equal(
      '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp;&amp; 1&lt;/script&gt;',
    );
  });

  it('when a value is interpolated into a template, then it is escaped, in text and in attributes alike', () => {
    const reason = '"><img src=x onerror=alert(1)>';
    expect(html`<p title="${reason}">${reason}</p>`.text).to.equal(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>',
    );
  });

  it('when a value is markup built by a template, then it is kept, and arrays are joined', () => {
    const items = ['<a>', 'b&c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>`.text).to.equal('<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>');
  });

  it('when a value is null, undefined or false, then nothing is written; numbers and bigints are written as text', () => {
    expect(html`[${null}${undefined}${false}${0}${12n}]`.text).to.equal('[012]');
  });

  it('prints JSON indented, keeping small objects on one line and strings exactly as JSON writes them', () => {
    const shown = prettyJson({ seats: [{ row: 1, number: 7 }], reason: 'a":b, c', long: 'x'.repeat(70), revision: 3n });
    expect(shown).to.equal(
      `{\n  "seats": [{"row": 1, "number": 7}],\n  "reason": "a\\":b, c",\n  "long": "${'x'.repeat(70)}",\n  "revision": "3"\n}`,
    );
  });

  it('shows a connection string without its user, password or options', () => {
    expect(withoutSecrets('esdb://admin:changeit@db1:2113,db2:2113?tls=true&tlsCAFile=/x')).to.equal(
      'esdb://db1:2113,db2:2113',
    );
    expect(withoutSecrets('mongodb://user:p%40ss@mongo:27017/?authSource=admin')).to.equal('mongodb://mongo:27017');
  });
});
