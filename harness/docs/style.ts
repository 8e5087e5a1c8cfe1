// The site's one stylesheet. Sizes in rem and a single column that reflows, so the pages stay
// readable at 200% zoom; visible focus for keyboard users; contrast of at least 4.5:1.
export const STYLE = `
:root { color-scheme: light; --text: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; --bg: #ffffff; --soft: #f3f4f6; }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--text); background: var(--bg); }
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem 1rem; z-index: 2; }
header { border-bottom: 1px solid var(--line); padding: .75rem 1rem; }
header .site { margin: 0 0 .25rem; font-weight: 600; }
header ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
header a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
footer { border-top: 1px solid var(--line); padding: .75rem 1rem; color: var(--muted); font-size: .875rem; }
a { color: var(--accent); }
a:focus-visible, [tabindex]:focus-visible, summary:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
h1 { font-size: 1.9rem; line-height: 1.2; }
h2 { font-size: 1.45rem; margin-top: 2.5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.15rem; margin-bottom: .25rem; }
.small { font-size: 1rem; border: 0; margin: 1rem 0 .25rem; }
.lead { font-size: 1.1rem; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; }
pre { background: var(--soft); padding: .5rem .75rem; overflow-x: auto; white-space: pre-wrap; }
.toc li { margin-bottom: .75rem; }
.toc p { margin: .1rem 0 0; }
.count, .tally, .source { color: var(--muted); font-size: .9rem; }
.scenario { border-left: 4px solid var(--line); padding: .25rem 0 .5rem 1rem; margin: 1.5rem 0; }
.background { background: var(--soft); padding: .25rem 1rem; }
.steps { list-style: none; padding-left: 0; }
.steps li { margin: .15rem 0; }
.kw { font-weight: 700; display: inline-block; min-width: 3.5rem; }
q { quotes: "\\201C" "\\201D"; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .92em; }
.clauses { margin: .25rem 0; font-size: .9rem; }
.clause { display: inline-block; border: 1px solid var(--line); border-radius: .25rem; padding: 0 .35rem; margin: .1rem; text-decoration: none; }
.level { font-size: .75rem; font-weight: 700; letter-spacing: .03em; }
.level-must { color: #991b1b; }
.level-should { color: #1e40af; }
.hazard-badge { font-size: .8rem; background: #fef3c7; color: #78350f; border-radius: .25rem; padding: 0 .4rem; vertical-align: middle; }
.verdicts { list-style: none; padding-left: 0; }
.verdicts > li { margin: .25rem 0; }
.impl { font-weight: 700; }
.verdict { border-radius: .25rem; padding: 0 .4rem; font-size: .9rem; }
.verdict.passed { background: #d1fae5; color: #064e3b; }
.verdict.failed, .verdict.unexpected-pass { background: #fee2e2; color: #7f1d1d; font-weight: 700; }
.verdict.expected-failure { background: #fef3c7; color: #78350f; }
.verdict.not-applicable, .verdict.missing { background: var(--soft); color: var(--muted); }
.why { color: var(--muted); font-size: .9rem; }
.figures { margin: .1rem 0 0; font-size: .875rem; color: var(--muted); }
figure.timeline { margin: 1rem 0; }
figure.timeline svg { width: 100%; height: auto; max-width: 100%; border: 1px solid var(--line); }
figcaption { font-size: .9rem; color: var(--muted); }
.legend { font-size: .9rem; color: var(--muted); }
.advice { background: #ecfdf5; border-left: 4px solid #047857; padding: .25rem 1rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top; text-align: left; }
table.data { margin: .25rem 0; font-size: .9rem; }
/* a step's text and its table hold paths, JSON and secrets without spaces: they wrap anywhere rather than widen the page */
ol.steps, table.data td, table.data th { overflow-wrap: anywhere; }
.clauses-table td ul { margin: 0; padding-left: 1rem; }
.uncovered { color: #7f1d1d; }
@media (max-width: 40rem) { .scenario { padding-left: .5rem; } }
`;
