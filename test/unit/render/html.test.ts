import { describe, expect, it } from 'vitest';
import { html, joinHtml, trustedHtml, type SafeHtml } from '#render/html.ts';

describe('html', () => {
  it.each([
    ['<', '&lt;'],
    ['>', '&gt;'],
    ['&', '&amp;'],
    ['"', '&quot;'],
    ["'", '&#39;'],
    ['<script>alert("x" & \'y\')</script>', '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;'],
    ['plain words', 'plain words'],
  ])('escapes %j in text as %j', (text, escaped) => {
    // Act
    const markup = html`<p>${text}</p>`;

    // Assess
    expect(String(markup)).toBe(`<p>${escaped}</p>`);
  });

  it('escapes attribute values the same way, so a quote cannot end the attribute', () => {
    // Prepare
    const url = `https://x.example/?a=1&b="2" onclick='go()'`;

    // Act
    const markup = html`<a href="${url}" title='${url}'>link</a>`;

    // Assess
    expect(String(markup)).toBe(
      `<a href="https://x.example/?a=1&amp;b=&quot;2&quot; onclick=&#39;go()&#39;" title='https://x.example/?a=1&amp;b=&quot;2&quot; onclick=&#39;go()&#39;'>link</a>`,
    );
  });

  it('nests a SafeHtml without escaping it again, while its own values stay escaped once', () => {
    // Prepare
    const inner = html`<b>${'Tom & Jerry'}</b>`;

    // Act
    const outer = html`<p>${inner}</p>`;

    // Assess
    expect(String(outer)).toBe('<p><b>Tom &amp; Jerry</b></p>');
  });

  it('joins an array of SafeHtml with nothing between them', () => {
    // Prepare
    const items = ['a<b', 'c&d'].map((item) => html`<li>${item}</li>`);

    // Act
    const markup = html`<ul>${items}</ul>`;

    // Assess
    expect(String(markup)).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('writes numbers and booleans as text', () => {
    // Act
    const markup = html`<input maxlength="${4000}" data-answered="${false}">`;

    // Assess
    expect(String(markup)).toBe('<input maxlength="4000" data-answered="false">');
  });

  it('joins with a separator that is itself SafeHtml', () => {
    // Act
    const markup = joinHtml([html`${'1 < 2'}`, html`${'3'}`], html`<br>`);

    // Assess
    expect(String(markup)).toBe('1 &lt; 2<br>3');
  });

  it('passes a constant the code holds through as it is', () => {
    // Act
    const markup = html`<style>${trustedHtml("a{font-family:'Segoe UI'}")}</style>`;

    // Assess
    expect(String(markup)).toBe("<style>a{font-family:'Segoe UI'}</style>");
  });

  it('does not let a string pass as SafeHtml (checked by tsc)', () => {
    // @ts-expect-error a string is not SafeHtml: it must go through html`…` to be escaped
    const notSafe: SafeHtml = '<b>raw</b>';
    // @ts-expect-error an array of strings is not an array of SafeHtml
    const notSafeList: readonly SafeHtml[] = ['<b>raw</b>'];
    // @ts-expect-error an object shaped like SafeHtml is not one: the class has a private field
    const lookalike: SafeHtml = { toString: () => '<b>raw</b>' };

    // Assess: at run time the strings are what they are; the compiler is what refuses them.
    expect([typeof notSafe, typeof notSafeList[0], typeof lookalike]).toEqual(['string', 'string', 'object']);
  });

  it('escapes an array of strings as text rather than trusting it', () => {
    // Prepare
    const words = ['<i>', '&'] as unknown as readonly SafeHtml[];

    // Act: only a cast gets here; the items are still not SafeHtml, so they are escaped
    const markup = html`${words}`;

    // Assess
    expect(String(markup)).toBe('&lt;i&gt;&amp;');
  });
});
