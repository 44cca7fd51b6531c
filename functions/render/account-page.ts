// A manager's account page (/m/{token}): the account at a glance, what needs doing first (open alerts,
// meetings to record, open commitments and complaints), then the history. Every action is a POST
// form to the page's own address, carrying the item's fingerprint so a stale page cannot overwrite
// newer data. The chart is inline SVG drawn here: no script, no external asset.
import type { AccountOverview, ChartPoint } from '#domain/account-overview.ts';
import { dollars } from '#domain/format.ts';
import { LEVEL_WORDS } from '#domain/alert.ts';
import { html, joinHtml, type SafeHtml } from './html.ts';
import { document, type Page } from './pages.ts';

export interface AccountPageInput {
  overview: AccountOverview;
  /** The page's own address: every form posts here. */
  action: string;
  /** Who holds the link, named on the page so a forwarded link is noticed. */
  viewer: string;
  /** What the last action did, or why it was refused. */
  notice?: { kind: 'done' | 'conflict' | 'invalid'; text: string };
  status?: number;
}

export function accountPage(input: AccountPageInput): Page {
  const o = input.overview;
  const form = (fields: SafeHtml, button: SafeHtml) =>
    html`<form method="post" action="${input.action}">${fields}${button}</form>`;
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

  const notice = input.notice
    ? html`<p role="${input.notice.kind === 'done' ? 'status' : 'alert'}" class="item"><strong>${input.notice.text}</strong></p>`
    : [];
  const facts = html`<p><span class="badge lv-${o.level}">${levelWord(o.level)}</span>${
    o.status === 'paused' ? html` <span class="badge">meetings paused</span>` : []
  }</p>${o.reasons.length ? html`<ul>${o.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : []}
<p>Renewal ${o.renewal.words} · ${dollars(o.monthlyValue)} a month${o.nextMeeting ? html`<br>Next meeting: ${o.nextMeeting}` : []}</p>`;

  const openAlerts = o.alerts.filter((a) => !a.acknowledged);
  const alerts = openAlerts.length
    ? html`<h2>Open alerts</h2>${openAlerts.map(
        (a) => html`<div class="item"><p>${a.when}: ${levelWord(a.level)}</p><ul>${a.reasons.map((r) => html`<li>${r}</li>`)}</ul>
${form(html`${hidden('action', 'acknowledge')}${hidden('id', a.id)}${hidden('createdAt', a.createdAt)}`, html`<button type="submit">I'm on it</button>`)}</div>`,
      )}`
    : [];

  const toRecord = o.meetingsToRecord.length
    ? html`<h2>Did these meetings happen?</h2>${o.meetingsToRecord.map(
        (m, i) => html`<div class="item" id="${m.anchor}"><p>${m.when}</p>${form(
          html`${hidden('action', 'meeting')}${hidden('id', m.id)}${hidden('seen', m.fingerprint)}
<label class="block" for="note-${i}">Notes (optional)</label><textarea class="short" id="note-${i}" name="note" maxlength="2000"></textarea>`,
          html`<button type="submit" name="status" value="held" id="${m.anchor}-held">It happened</button> <button type="submit" name="status" value="skipped" class="secondary" id="${m.anchor}-skipped">It was skipped</button>`,
        )}</div>`,
      )}`
    : [];

  const commitments = html`<h2>Open commitments</h2>${
    o.openCommitments.length
      ? o.openCommitments.map((c, i) => {
          const seen = html`${hidden('id', c.id)}${hidden('seen', c.fingerprint)}`;
          return html`<div class="item"><h3>${c.request}</h3><p class="muted">Since ${c.since} · ${c.owner}${c.due ? html` · due ${c.due}` : []}</p>
${form(
  html`${hidden('action', 'close-commitment')}${seen}<label class="block" for="did-${i}">What we did (the customer reads this)</label><textarea class="short" id="did-${i}" name="whatWeDid" maxlength="4000" required></textarea>`,
  html`<button type="submit">Close with what we did</button>`,
)}
<details><summary>Due date, owner, dismiss</summary>
${form(html`${hidden('action', 'due-commitment')}${seen}<label class="block" for="due-${i}">Due date</label><input type="date" id="due-${i}" name="dueDate" value="${c.dueDate ?? ''}" required>`, html` <button type="submit" class="secondary">Set due date</button>`)}
${form(
  html`${hidden('action', 'reassign-commitment')}${seen}<label class="block" for="owner-${i}">Owner</label><select id="owner-${i}" name="owner">${o.team.map(
    (p) => html`<option value="${p.email}"${p.email === c.ownerEmail ? html` selected` : []}>${p.name}</option>`,
  )}</select>`,
  html` <button type="submit" class="secondary">Reassign</button>`,
)}
${form(html`${hidden('action', 'dismiss-commitment')}${seen}`, html`<button type="submit" class="secondary">Not a request: dismiss</button>`)}
</details></div>`;
        })
      : html`<p class="muted">None open.</p>`
  }`;

  const complaints = html`<h2>Open complaints</h2>${
    o.openComplaints.length
      ? o.openComplaints.map(
          (c, i) => html`<div class="item"><p>${c.when}: ${c.description}</p>${form(
            html`${hidden('action', 'resolve-complaint')}${hidden('id', c.id)}<label class="block" for="fix-${i}">How it was resolved</label><input type="text" id="fix-${i}" name="description" maxlength="2000" required>`,
            html` <button type="submit">Resolve</button>`,
          )}</div>`,
        )
      : html`<p class="muted">None open.</p>`
  }
<details><summary>Record a complaint or an extra service</summary>${form(
    html`${hidden('action', 'record-event')}<label class="block" for="event-type">What</label><select id="event-type" name="type"><option value="complaint">A complaint</option><option value="extra-service">An extra service we performed</option></select>
<label class="block" for="event-description">Description</label><input type="text" id="event-description" name="description" maxlength="2000" required>`,
    html` <button type="submit">Record</button>`,
  )}</details>`;

  const history = html`<h2>Scores</h2>${scoreChart(o)}
<h2>What they said</h2>${
    o.comments.length
      ? html`<ul>${o.comments.map((c) => html`<li><strong>${c.who}</strong>, ${c.when}, ${c.score} of ${o.scale}: “${c.text}”</li>`)}</ul>`
      : html`<p class="muted">No comments yet.</p>`
  }
${
  o.closedCommitments.length
    ? html`<h2>Closed commitments</h2><ul>${o.closedCommitments.map(
        (c) =>
          html`<li>${c.request}: ${c.dismissed ? html`<em>dismissed${c.closed ? html` on ${c.closed}` : []}</em>` : html`${c.whatWeDid ?? 'done'}${c.closed ? html` (${c.closed})` : []}`}</li>`,
      )}</ul>`
    : []
}
<h2>Meetings</h2>${
    o.meetings.length
      ? html`<ul>${o.meetings.map((m) => html`<li>${m.when}: ${m.status}${m.note ? html` — ${m.note}` : []}</li>`)}</ul>`
      : html`<p class="muted">No meetings yet.</p>`
  }
<h2>Events</h2>${
    o.events.length
      ? html`<ul>${o.events.map((e) => html`<li>${e.when}: ${e.type.replace(/-/g, ' ')} — ${e.description}</li>`)}</ul>`
      : html`<p class="muted">No events yet.</p>`
  }
<h2>Alerts</h2>${
    o.alerts.length
      ? html`<ul>${o.alerts.map((a) => html`<li>${a.when}: ${levelWord(a.level)}; ${a.acknowledged ? html`acknowledged by ${a.acknowledged}` : 'not acknowledged'}</li>`)}</ul>`
      : html`<p class="muted">No alerts.</p>`
  }`;

  const body = html`<h1>${o.name}</h1>${notice}${facts}${alerts}${toRecord}${commitments}${complaints}${history}
<p class="muted">This page is for ${input.viewer} only; its link expires. Every action records your name.</p>`;
  return { status: input.status ?? 200, html: document(o.name, body) };
}

/** "at risk", "critical": the level as people say it. */
const levelWord = (level: AccountOverview['level']) => LEVEL_WORDS[level];

const WIDTH = 340;
const HEIGHT = 170;
const LEFT = 24;
const TOP = 10;
const BOTTOM = 24;

/** Score history as an SVG line chart (the account's average bold, each contact thin), with the numbers as a table beside it. */
function scoreChart(o: AccountOverview): SafeHtml {
  const points: ChartPoint[] = o.chart.points;
  if (points.length === 0) return html`<p class="muted">No answers yet.</p>`;
  const x = (i: number) => (points.length === 1 ? (LEFT + WIDTH) / 2 : LEFT + (i * (WIDTH - LEFT - 8)) / (points.length - 1));
  const y = (score: number) => TOP + ((o.scale - score) * (HEIGHT - TOP - BOTTOM)) / (o.scale - 1);
  const line = (values: (number | undefined)[]) =>
    values
      .map((v, i) => (v === undefined ? undefined : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
      .filter((p): p is string => p !== undefined)
      .join(' ');
  const ticks = o.scale === 5 ? [1, 2, 3, 4, 5] : [1, 4, 7, 10];
  const grid = ticks.map(
    (t) => html`<line class="grid" x1="${LEFT}" x2="${WIDTH}" y1="${y(t)}" y2="${y(t)}"/><text x="2" y="${y(t) + 4}">${t}</text>`,
  );
  const labels = [0, points.length - 1]
    .filter((i, n, all) => all.indexOf(i) === n)
    .map((i) => html`<text x="${Math.min(x(i), WIDTH - 70)}" y="${HEIGHT - 6}">${points[i]?.date ?? ''}</text>`);
  const contacts = o.chart.contacts.slice(0, 6);
  const perContact = contacts.map((c, k) => {
    const values = points.map((p) => p.byContact.find((b) => b.contactId === c.id)?.score);
    const dots = values.flatMap((v, i) => (v === undefined ? [] : [html`<circle class="k${k}" cx="${x(i)}" cy="${y(v)}" r="3"/>`]));
    return html`<polyline class="who k${k}" points="${line(values)}"/>${dots}`;
  });
  const summary = `Average score at each of ${points.length} meetings, from ${points[0]?.average ?? ''} to ${points.at(-1)?.average ?? ''} of ${o.scale}`;
  const legend = html`<ul class="legend"><li><span class="swatch">━</span> average</li>${contacts.map(
    (c, k) => html`<li><span class="swatch k${k}">●</span> ${c.name}</li>`,
  )}</ul>`;
  const table = html`<details><summary>Scores as a table</summary><table class="data"><thead><tr><th scope="col">Meeting</th><th scope="col">Average</th>${contacts.map(
    (c) => html`<th scope="col">${c.name}</th>`,
  )}</tr></thead><tbody>${points.map(
    (p) =>
      html`<tr><th scope="row">${p.date}</th><td>${p.average}</td>${contacts.map(
        (c) => html`<td>${p.byContact.find((b) => b.contactId === c.id)?.score ?? '–'}</td>`,
      )}</tr>`,
  )}</tbody></table></details>`;
  return html`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${summary}">${grid}${labels}${joinHtml(perContact)}<polyline class="avg" points="${line(points.map((p) => p.average))}"/></svg>${legend}${table}`;
}
