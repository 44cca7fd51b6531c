// The public pages customers and managers open from emails: the survey, unsubscribe and messages.
// Small, fast on a phone, no external assets, usable without script, accessible. The one inline
// style and the one inline script are allowed by their hashes in a strict Content-Security-Policy.
import { createHash } from 'node:crypto';
import { html, trustedHtml, type SafeHtml } from './html.ts';

const STYLE = `
:root{color-scheme:light dark;--fg:#1f2933;--muted:#52606d;--accent:#1d4ed8;--bg:#fff;--line:#cbd2d9;--ok:#047857;--warn:#92400e;--bad:#b91c1c}
@media (prefers-color-scheme:dark){:root{--fg:#e4e7eb;--muted:#9aa5b1;--accent:#93b4ff;--bg:#111827;--line:#3e4c59;--ok:#6ee7b7;--warn:#fcd34d;--bad:#fca5a5}}
*{box-sizing:border-box}body{margin:0;font:17px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:36rem;margin:0 auto;padding:1.25rem}h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}
fieldset{border:0;margin:0 0 1rem;padding:0}legend{padding:0;font-weight:600;margin-bottom:.5rem}
.scores{display:grid;grid-template-columns:repeat(5,minmax(3rem,1fr));gap:.5rem;max-width:22rem}.scores label{position:relative}
.scores input{position:absolute;opacity:0;width:100%;height:100%;margin:0;cursor:pointer}
.scores span{display:block;min-width:3rem;padding:.7rem 0;text-align:center;border:2px solid var(--accent);border-radius:.4rem;font-weight:700;color:var(--accent)}
.scores input:checked+span{background:var(--accent);color:var(--bg)}
.scores input:focus-visible+span{outline:3px solid var(--fg);outline-offset:2px}
label.block{display:block;font-weight:600;margin:0 0 .4rem}
textarea{width:100%;min-height:7rem;font:inherit;padding:.6rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg)}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border:0;border-radius:.4rem;background:var(--accent);color:var(--bg);cursor:pointer;margin-top:1rem}
.muted{color:var(--muted);font-size:.95rem}ul{padding-left:1.2rem}
h2{font-size:1.15rem;margin:1.75rem 0 .5rem}h3{font-size:1rem;margin:0 0 .25rem}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.9rem;font-weight:700;border:2px solid currentColor}
.lv-healthy{color:var(--ok)}.lv-watch{color:var(--warn)}.lv-at-risk,.lv-critical{color:var(--bad)}
.item{border:1px solid var(--line);border-radius:.5rem;padding:.75rem;margin:0 0 .75rem}.item p{margin:.25rem 0}
.item form{margin:.5rem 0 0}.item button,.inline button{margin-top:.5rem;padding:.6rem 1rem}
.secondary{background:transparent;color:var(--accent);border:2px solid var(--accent)}
input[type=date],select,input[type=text]{font:inherit;padding:.5rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);color:var(--fg);max-width:100%}
textarea.short{min-height:3.5rem}details summary{cursor:pointer;color:var(--accent);font-weight:600;padding:.5rem 0}
.chart{width:100%;height:auto}.chart .grid{stroke:var(--line);stroke-width:1}.chart text{fill:var(--muted);font-size:11px}
.chart .avg{stroke:var(--fg);stroke-width:3;fill:none}.chart .who{stroke-width:1.5;fill:none}
.k0{stroke:#2563eb;color:#2563eb;fill:#2563eb}.k1{stroke:#c2410c;color:#c2410c;fill:#c2410c}.k2{stroke:#047857;color:#047857;fill:#047857}
.k3{stroke:#7c3aed;color:#7c3aed;fill:#7c3aed}.k4{stroke:#b91c1c;color:#b91c1c;fill:#b91c1c}.k5{stroke:#0e7490;color:#0e7490;fill:#0e7490}
@media (prefers-color-scheme:dark){.k0{stroke:#93b4ff;color:#93b4ff;fill:#93b4ff}.k1{stroke:#fdba74;color:#fdba74;fill:#fdba74}.k2{stroke:#6ee7b7;color:#6ee7b7;fill:#6ee7b7}.k3{stroke:#c4b5fd;color:#c4b5fd;fill:#c4b5fd}.k4{stroke:#fca5a5;color:#fca5a5;fill:#fca5a5}.k5{stroke:#67e8f9;color:#67e8f9;fill:#67e8f9}}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.9rem}.swatch{font-weight:700}
table.data{border-collapse:collapse;font-size:.9rem}table.data th,table.data td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left}
`;

// Records a provisional answer once a person has touched the page (pointer, touch, key or scroll)
// and it has stayed visible a few seconds: a mail scanner runs script and waits, but touches nothing.
const BEACON = `(function(){var f=document.getElementById('answer');if(!f||f.dataset.answered==='true')return;var s=f.dataset.clicked;if(!s)return;var t,sent=false,person=false;function go(){if(sent||!person||document.visibilityState!=='visible')return;sent=true;var b=new URLSearchParams();b.set('mode','provisional');b.set('score',s);fetch(f.action,{method:'POST',body:b,credentials:'omit'}).catch(function(){});}function arm(){clearTimeout(t);if(person&&document.visibilityState==='visible')t=setTimeout(go,${5000});}function touched(){if(person)return;person=true;arm();}['pointerdown','pointermove','touchstart','keydown','scroll','wheel'].forEach(function(e){window.addEventListener(e,touched,{passive:true});});document.addEventListener('visibilitychange',arm);})();`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(BEACON)}`,
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': PAGE_CSP,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export interface Page {
  status: number;
  html: string;
}

/** A whole page: the shared style sheet, the body, and the answer beacon where a survey needs it. */
export function document(title: string, body: SafeHtml, script = false): string {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${title}</title><style>${trustedHtml(STYLE)}</style></head>
<body><main>${body}</main>${script ? html`<script>${trustedHtml(BEACON)}</script>` : []}</body></html>`.toString();
}

/** A page that says one thing: an error, a confirmation. */
export function messagePage(status: number, title: string, lines: string[]): Page {
  return {
    status,
    html: document(title, html`<h1>${title}</h1>${lines.map((l) => html`<p>${l}</p>`)}`),
  };
}

export interface SurveyPageInput {
  action: string;
  accountName: string;
  companyName: string;
  question: string;
  followUp: string;
  scale: 5 | 10;
  /** The score the link carried, if valid. */
  chosen?: number;
  /** The answer given so far, if any. */
  answer?: { score: number; comment?: string; provisional: boolean };
  pastScores: { date: string; score: number; scale: number }[];
  commentMax: number;
  expiresOn: string;
  saved?: boolean;
  /** What the page says back to the comment just sent. */
  reply?: string;
}

export function surveyPage(input: SurveyPageInput): Page {
  // The score just clicked wins over the one stored: the page shows what the person chose now.
  const selected = input.chosen ?? input.answer?.score;
  const answered = Boolean(input.answer && !input.answer.provisional);
  const radios = Array.from({ length: input.scale }, (_, i) => i + 1).map(
    (n) =>
      html`<label><input type="radio" name="score" value="${n}" aria-label="${n} of ${input.scale}"${
        n === selected ? html` checked` : []
      } required><span>${n}</span></label>`,
  );
  const change =
    input.chosen !== undefined && input.chosen !== input.answer?.score ? html`; send to change it to ${input.chosen}` : [];
  const status = input.saved
    ? html`<p role="status"><strong>Thank you — your answer is saved.</strong> You can change it until ${input.expiresOn}.</p>${input.reply ? html`<p>${input.reply}</p>` : []}`
    : answered
      ? html`<p class="muted">You answered ${input.answer?.score ?? ''} of ${input.scale} earlier${change}. You can change your answer until ${input.expiresOn}.</p>`
      : [];
  const past = input.pastScores.length
    ? html`<h2>Your earlier scores</h2><ul>${input.pastScores.map((p) => html`<li>${p.date}: ${p.score} of ${p.scale}</li>`)}</ul>`
    : [];
  const body = html`<h1>How are we doing at ${input.accountName}?</h1>${status}
<form id="answer" method="post" action="${input.action}" data-clicked="${input.chosen ?? ''}" data-answered="${answered}">
<input type="hidden" name="mode" value="submit">
<fieldset><legend>${input.question}</legend><div class="scores">${radios}</div></fieldset>
<label class="block" for="comment">${input.followUp}</label>
<textarea id="comment" name="comment" maxlength="${input.commentMax}">${input.answer?.comment ?? ''}</textarea>
<button type="submit">${answered ? 'Update my answer' : 'Send my answer'}</button>
</form>${past}<p class="muted">${input.companyName}</p>`;
  return { status: 200, html: document(`How are we doing at ${input.accountName}?`, body, !answered && !input.saved) };
}

export function unsubscribePage(input: { action: string; email: string; companyName: string; done: boolean }): Page {
  if (input.done) {
    return messagePage(200, 'You are unsubscribed', [
      `${input.email} will get no more survey emails from ${input.companyName}.`,
      'If this was a mistake, reply to any of our emails and we will turn them back on.',
    ]);
  }
  return {
    status: 200,
    html: document(
      'Unsubscribe',
      html`<h1>Unsubscribe ${input.email}?</h1><p>You will get no more survey emails from ${input.companyName}.</p>
<form method="post" action="${input.action}"><button type="submit">Unsubscribe</button></form>`,
    ),
  };
}

export function acknowledgePage(input: { action: string; accountName: string; reasons: string[]; acknowledgedBy?: string }): Page {
  const reasons = html`<ul>${input.reasons.map((r) => html`<li>${r}</li>`)}</ul>`;
  if (input.acknowledgedBy) {
    return {
      status: 200,
      html: document(
        'Acknowledged',
        html`<h1>${input.accountName}: acknowledged</h1><p role="status">${input.acknowledgedBy} is on it. The alert stops climbing the ladder.</p>${reasons}`,
      ),
    };
  }
  return {
    status: 200,
    html: document(
      `Renewal risk: ${input.accountName}`,
      html`<h1>Renewal risk: ${input.accountName}</h1>${reasons}
<form method="post" action="${input.action}"><button type="submit">I'm on it</button></form>
<p class="muted">Acknowledging stops the alert from going to the next people on the ladder.</p>`,
    ),
  };
}
