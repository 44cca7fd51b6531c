// The local inbox: every email the local cloud sent, newest first, from the copies kept under the
// data folder (so it survives restarts), and one email at a time as its recipient would read it.
import { simpleParser } from 'mailparser';
import { html, page, type SafeHtml } from './html.ts';
import type { KeptMessage } from './ses.ts';

const nav = html`<nav><a href="/">Home</a><a href="/local/inbox">Inbox</a><a href="/local/mail">Inbox as JSON</a></nav>`;

/** "2027-03-02 14:05 UTC": the inbox lists every time in one zone, the deployment-wide one of the clock. */
function when(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderInbox(messages: readonly KeptMessage[]): string {
  const rows = messages.map(
    (m) => html`<tr>
      <td><small>${when(m.date)}</small></td>
      <td>${m.kind}</td>
      <td>${m.to.join(', ')}</td>
      <td><a href="/local/mail/${encodeURIComponent(m.id)}/view">${m.subject || '(no subject)'}</a>
        <br><small><a href="/local/mail/${encodeURIComponent(m.id)}">as sent (.eml)</a></small></td>
    </tr>`,
  );
  return page(
    'Inbox — Partner Pulse (local)',
    html`${nav}
<h1>Inbox</h1>
<p class="muted">Every email this local cloud sent (${messages.length}), newest first, dated on the virtual clock. They are
kept in the data folder and stay here across restarts.</p>
<table><thead><tr><th>Sent</th><th>Kind</th><th>To</th><th>Subject</th></tr></thead>
<tbody>${rows.length > 0 ? rows : html`<tr><td colspan="4">No email sent yet. Move the clock on the home page to run the meetings.</td></tr>`}</tbody></table>`,
  );
}

/** Links of the email open in a new tab; the base goes inside its head, so its doctype still counts. */
function withBase(emailHtml: string): string {
  const base = '<base target="_blank">';
  return /<head[^>]*>/i.test(emailHtml) ? emailHtml.replace(/<head[^>]*>/i, (head) => `${head}${base}`) : `${base}${emailHtml}`;
}

/** One email: its headers, then its HTML in a sandbox (no scripts; links open in a new tab). */
export async function renderMessage(meta: KeptMessage, raw: Buffer): Promise<string> {
  const parsed = await simpleParser(raw);
  const body: SafeHtml = parsed.html
    ? html`<iframe title="The email as its recipient sees it" sandbox="allow-popups allow-popups-to-escape-sandbox"
        srcdoc="${withBase(parsed.html)}"></iframe>`
    : html`<pre>${parsed.text ?? ''}</pre>`;
  const headers: [string, string][] = [
    ['From', parsed.from?.text ?? ''],
    ['To', meta.to.join(', ')],
    ['Reply-To', parsed.replyTo?.text ?? ''],
    ['Date', parsed.date ? parsed.date.toUTCString() : ''],
    ['Kind', meta.kind],
  ];
  const attachments = parsed.attachments.map((a) => `${a.filename ?? a.contentType} (${a.contentType})`);
  if (attachments.length > 0) headers.push(['Attachments', attachments.join(', ')]);
  return page(
    `${meta.subject} — Partner Pulse (local)`,
    html`${nav}
<h1>${meta.subject}</h1>
<table>${headers.filter(([, value]) => value).map(([name, value]) => html`<tr><th>${name}</th><td>${value}</td></tr>`)}</table>
<p><a href="/local/mail/${encodeURIComponent(meta.id)}">The message as sent (message/rfc822)</a></p>
${body}`,
  );
}
