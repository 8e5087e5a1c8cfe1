// The living documentation as static pages: plain HTML, one stylesheet, the timelines inline as
// SVG. Everything comes from the features, clauses.json and the results given; nothing needs a
// server (relative links only, so it works from file://).
import type { Clause } from '../features.js';
import type { Column } from '../reports/matrix.js';
import type { Outcome, ScenarioResult } from '../results.js';
import { drawTimeline } from '../timeline/svg.js';
import { advice, paragraphs, type DocFeature, type DocScenario, type DocStep } from './read-features.js';
import { CLAUSES_PAGE, HAZARDS_PAGE, OVERVIEW_FEATURE, SECTIONS, type Section } from './sections.js';

export interface SiteInput {
  features: DocFeature[];
  clauses: Clause[];
  columns: Column[];
  /** When the results were read, for the footer. */
  generatedAt: Date;
}

export interface Page {
  file: string;
  html: string;
}

const OUTCOME_TEXT: Record<Outcome, string> = {
  passed: 'passed',
  failed: 'FAILED',
  'expected-failure': 'expected failure',
  'unexpected-pass': 'UNEXPECTED PASS',
  'not-applicable': 'not applicable',
};

export function buildSite(input: SiteInput): Page[] {
  const site = new Site(input);
  return [site.index(), ...SECTIONS.map((s) => site.section(s)), site.hazards(), site.clauseIndex()];
}

/** A scenario's anchor: its key, made safe for an id. */
export function anchor(key: string): string {
  return `s-${key.replace(/\.feature: /, '--').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase()}`;
}

class Site {
  private readonly results: Map<string, ScenarioResult>[];
  private readonly clauseById: Map<string, Clause>;
  /** Which page shows each scenario, for links from the clause index and the hazards. */
  private readonly pageOf = new Map<string, string>();

  constructor(private readonly input: SiteInput) {
    this.results = input.columns.map((c) => new Map(c.results.map((r) => [r.key, r])));
    this.clauseById = new Map(input.clauses.map((c) => [c.id, c]));
    for (const section of SECTIONS) for (const f of this.featuresOf(section)) for (const s of f.scenarios) this.pageOf.set(s.key, section.page);
  }

  private featuresOf(section: Section): DocFeature[] {
    if (!section.group) return [];
    const order = section.order ?? [];
    const rank = (f: DocFeature): number => {
      const i = order.indexOf(f.file.slice(section.group!.length + 1));
      return i < 0 ? order.length : i;
    };
    return this.input.features.filter((f) => f.group === section.group).sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
  }

  private get allScenarios(): { feature: DocFeature; scenario: DocScenario }[] {
    return this.input.features.flatMap((feature) => feature.scenarios.map((scenario) => ({ feature, scenario })));
  }

  index(): Page {
    const rows = SECTIONS.map((s) => {
      const scenarios = this.featuresOf(s).flatMap((f) => f.scenarios);
      return `<li><a href="${s.page}">${esc(s.title)}</a>${scenarios.length ? ` <span class="count">${scenarios.length} scenarios${this.tally(scenarios)}</span>` : ''}<p>${inline(s.intro[0])}</p></li>`;
    });
    const hazards = this.allScenarios.filter((x) => isHazard(x.feature, x.scenario));
    rows.push(`<li><a href="${HAZARDS_PAGE}">Hazards</a> <span class="count">${hazards.length} scenarios</span><p>Where the protocol loses results, and what to do about it.</p></li>`);
    rows.push(`<li><a href="${CLAUSES_PAGE}">Clause index</a> <span class="count">${this.input.clauses.length} clauses</span><p>Every clause of the protocol, its level and source, linked to the scenarios that verify it.</p></li>`);
    const columns = this.input.columns.length
      ? `<p>Results shown: ${this.input.columns.map((c) => `<strong>${esc(c.profile)}</strong> (${esc(summaryOf(c.results))})`).join(', ')}.</p>`
      : '<p>No results were given: the pages show the scenarios without verdicts or timelines.</p>';
    const body = `<h1>Timeouts and interruptions in CI pods</h1>
<p class="lead">Living documentation of Prow's <code>entrypoint</code> and <code>sidecar</code> and OpenShift's <code>entrypoint-wrapper</code>: what they do when a test times out or its pod is deleted, as verified by the conformance suite. Read it in this order:</p>
${columns}
<ol class="toc">${rows.join('\n')}</ol>`;
    return { file: 'index.html', html: this.page('Overview', 'index.html', body) };
  }

  section(section: Section): Page {
    const features = this.featuresOf(section);
    const parts = [`<h1>${esc(section.title)}</h1>`, ...section.intro.map((p) => `<p>${inline(p)}</p>`)];
    if (!section.group) parts.push(this.overview());
    if (features.length) {
      parts.push(`<nav aria-label="Features on this page" class="local"><h2 class="small">On this page</h2><ul>${features.map((f) => `<li><a href="#${featureAnchor(f)}">${esc(f.name)}</a></li>`).join('')}</ul></nav>`);
    }
    for (const f of features) parts.push(this.feature(f));
    return { file: section.page, html: this.page(section.title, section.page, parts.join('\n')) };
  }

  /** The overview's picture: one real run of a whole pod. */
  private overview(): string {
    const feature = this.input.features.find((f) => f.file === OVERVIEW_FEATURE);
    const scenario = feature?.scenarios.find((s) => this.results.some((r) => r.get(s.key)?.timeline));
    if (!feature || !scenario) return '';
    return `<h2>One pod, start to end</h2>
<p>As measured in a run of <a href="${this.pageOf.get(scenario.key)}#${anchor(scenario.key)}">${esc(scenario.name)}</a>:</p>
${this.timelines(scenario)}
<p class="legend">How to read the pictures: one row per process (the kubelet or the harness that plays the caller, then each program and the test), time in seconds left to right. Arrows are signals, from the sender's row to the receiver's (dashed: the sender is not known). A square is a process's end (green: exit 0), a diamond the marker file, a triangle an upload, a cross the pod's deletion. Dashed vertical lines are the configured deadlines.</p>`;
  }

  private feature(f: DocFeature): string {
    const parts = [`<section class="feature" aria-labelledby="${featureAnchor(f)}"><h2 id="${featureAnchor(f)}">${esc(f.name)}</h2>`];
    parts.push(...paragraphs(f.description).map((p) => `<p>${inline(p)}</p>`));
    parts.push(`<p class="source">From <code>features/${esc(f.file)}</code>.</p>`);
    if (f.background.length) parts.push(`<div class="background"><h3 class="small">Every scenario of this feature starts with</h3>${steps(f.background)}</div>`);
    for (const s of f.scenarios) parts.push(this.scenario(f, s, 3));
    parts.push('</section>');
    return parts.join('\n');
  }

  private scenario(f: DocFeature, s: DocScenario, level: number): string {
    const clauses = s.clauses.map((id) => {
      const c = this.clauseById.get(id);
      return `<a class="clause level-${(c?.level ?? 'unknown').toLowerCase()}" href="${CLAUSES_PAGE}#${id}" title="${esc(c?.statement ?? 'not in clauses.json')}">${esc(id)} <span class="level">${esc(c?.level ?? '?')}</span></a>`;
    });
    const hazard = isHazard(f, s) ? ' <span class="hazard-badge">hazard</span>' : '';
    const description = paragraphs(s.description).filter((p) => !/^What to do:/.test(p)).map((p) => `<p>${inline(p)}</p>`);
    return `<article class="scenario" id="${anchor(s.key)}" aria-labelledby="${anchor(s.key)}-h">
<h${level} id="${anchor(s.key)}-h">${esc(s.name)}${hazard}</h${level}>
<p class="clauses">Verifies ${clauses.join(' ')}</p>
${description.join('\n')}
${steps(s.steps)}
${this.verdicts(s)}
${this.timelines(s)}
</article>`;
  }

  private verdicts(s: DocScenario): string {
    if (this.input.columns.length === 0) return '';
    const items = this.input.columns.map((c, i) => {
      const r = this.results[i].get(s.key);
      if (!r) return `<li><span class="impl">${esc(c.profile)}</span> <span class="verdict missing">not run</span></li>`;
      const message = r.outcome === 'passed' ? '' : ` <span class="why">${esc(firstLine(r.message))}</span>`;
      const figures = r.figures.length ? `<ul class="figures">${r.figures.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '';
      return `<li><span class="impl">${esc(c.profile)}</span> <span class="verdict ${r.outcome}">${OUTCOME_TEXT[r.outcome]}</span>${message}${figures}</li>`;
    });
    return `<ul class="verdicts" aria-label="Verdicts">${items.join('')}</ul>`;
  }

  private timelines(s: DocScenario): string {
    const figures = this.input.columns.flatMap((c, i) => {
      const t = this.results[i].get(s.key)?.timeline;
      if (!t || t.lanes.length === 0) return [];
      return [`<figure class="timeline" data-profile="${esc(c.profile)}">${drawTimeline(t)}<figcaption><strong>${esc(c.profile)}:</strong> ${esc(t.summary)}</figcaption></figure>`];
    });
    return figures.join('\n');
  }

  hazards(): Page {
    const hazards = this.allScenarios.filter((x) => isHazard(x.feature, x.scenario));
    const parts = [
      '<h1>Hazards</h1>',
      '<p>Scenarios in which the protocol, working as designed, loses a job\'s results or hides that it did. Each is shown with what a run measured and what to do about it.</p>',
    ];
    for (const { feature, scenario } of hazards) {
      const todo = [...advice(scenario.description), ...advice(feature.description)];
      parts.push(`<section class="hazard" aria-labelledby="h-${anchor(scenario.key)}">
<h2 id="h-${anchor(scenario.key)}">${esc(scenario.name)}</h2>
<p class="source">From <a href="${this.pageOf.get(scenario.key)}#${anchor(scenario.key)}">${esc(feature.name)}</a>.</p>
${paragraphs(scenario.description).filter((p) => !/^What to do:/.test(p)).map((p) => `<p>${inline(p)}</p>`).join('\n') || paragraphs(feature.description).filter((p) => !/^What to do:/.test(p)).slice(0, 1).map((p) => `<p>${inline(p)}</p>`).join('\n')}
${todo.length ? `<div class="advice"><h3>What to do</h3>${todo.map((p) => `<p>${inline(p)}</p>`).join('')}</div>` : ''}
${steps(scenario.steps)}
${this.verdicts(scenario)}
${this.timelines(scenario)}
</section>`);
    }
    return { file: HAZARDS_PAGE, html: this.page('Hazards', HAZARDS_PAGE, parts.join('\n')) };
  }

  clauseIndex(): Page {
    const byClause = new Map<string, DocScenario[]>();
    for (const { scenario } of this.allScenarios) for (const id of scenario.clauses) byClause.set(id, [...(byClause.get(id) ?? []), scenario]);
    const rows = this.input.clauses.map((c) => {
      const scenarios = byClause.get(c.id) ?? [];
      const links = scenarios.length
        ? `<ul>${scenarios.map((s) => `<li><a href="${this.pageOf.get(s.key)}#${anchor(s.key)}">${esc(s.name)}</a>${this.tally([s])}</li>`).join('')}</ul>`
        : '<p class="uncovered">No scenario verifies it yet.</p>';
      return `<tr id="${esc(c.id)}"><th scope="row"><code>${esc(c.id)}</code></th><td><span class="level level-${c.level.toLowerCase()}">${c.level}</span></td><td>${esc(c.role)}</td><td>${esc(c.statement)}<p class="source">${esc(c.source)}</p></td><td>${links}</td></tr>`;
    });
    const body = `<h1>Clause index</h1>
<p>Every clause of <code>features/clauses.json</code>: MUST where the documentation or upstream makes it a rule, SHOULD where it is what upstream customarily does; each with the scenarios that verify it.</p>
<div class="scroll" tabindex="0" role="region" aria-label="Clauses table"><table class="clauses-table"><thead><tr><th scope="col">Clause</th><th scope="col">Level</th><th scope="col">About</th><th scope="col">Statement and source</th><th scope="col">Scenarios</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>`;
    return { file: CLAUSES_PAGE, html: this.page('Clause index', CLAUSES_PAGE, body) };
  }

  /** " — reference: 10 passed, upstream: 9 passed, 1 expected failure" for a set of scenarios. */
  private tally(scenarios: DocScenario[]): string {
    if (this.input.columns.length === 0) return '';
    const parts = this.input.columns.map((c, i) => {
      const found = scenarios.map((s) => this.results[i].get(s.key)).filter((r): r is ScenarioResult => r !== undefined);
      return `${esc(c.profile)}: ${esc(summaryOf(found))}`;
    });
    return ` <span class="tally">(${parts.join('; ')})</span>`;
  }

  private page(title: string, file: string, body: string): string {
    const nav = [
      ['index.html', 'Overview'],
      ...SECTIONS.map((s) => [s.page, s.title]),
      [HAZARDS_PAGE, 'Hazards'],
      [CLAUSES_PAGE, 'Clauses'],
    ]
      .map(([href, text]) => `<li><a href="${href}"${href === file ? ' aria-current="page"' : ''}>${esc(text)}</a></li>`)
      .join('');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — podutils conformance</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header><p class="site">podutils conformance: living documentation</p><nav aria-label="Sections"><ul>${nav}</ul></nav></header>
<main id="main" tabindex="-1">
${body}
</main>
<footer><p>Generated ${esc(this.input.generatedAt.toISOString().replace(/\.\d+Z$/, 'Z'))} by <code>podutils-conformance docs</code> from the features and ${this.input.columns.length ? `the results of ${this.input.columns.map((c) => esc(c.profile)).join(' and ')}` : 'no results'}.</p></footer>
</body>
</html>
`;
  }
}

function isHazard(f: DocFeature, s: DocScenario): boolean {
  return s.tags.includes('@hazard') || f.tags.includes('@hazard');
}

function featureAnchor(f: DocFeature): string {
  return `f-${f.file.replace(/\.feature$/, '').replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}`;
}

function steps(list: DocStep[]): string {
  const items = list.map((s) => {
    const doc = s.docString !== undefined ? `<pre>${esc(s.docString)}</pre>` : '';
    const table = s.table
      ? `<table class="data"><thead><tr>${s.table[0].map((c) => `<th scope="col">${esc(c)}</th>`).join('')}</tr></thead><tbody>${s.table
          .slice(1)
          .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`
      : '';
    return `<li><span class="kw">${esc(s.keyword)}</span> ${quoted(s.text)}${doc}${table}</li>`;
  });
  return `<ol class="steps">${items.join('')}</ol>`;
}

/** Step text with its "quoted values" marked. */
function quoted(text: string): string {
  return esc(text).replace(/&quot;([^&]*?)&quot;/g, '<q>$1</q>');
}

/** Description text: `code` spans, escaped otherwise. */
function inline(text: string): string {
  return esc(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function summaryOf(results: ScenarioResult[]): string {
  if (results.length === 0) return 'not run';
  const counts = new Map<Outcome, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return (Object.keys(OUTCOME_TEXT) as Outcome[])
    .filter((o) => counts.has(o))
    .map((o) => `${counts.get(o)} ${OUTCOME_TEXT[o]}`)
    .join(', ');
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
