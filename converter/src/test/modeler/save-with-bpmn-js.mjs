// Writes the example BPMN files made "in Camunda Modeler" (bpmn/modeler-*.bpmn) with the modules
// Camunda Modeler builds its BPMN editor from: bpmn-js's Modeler, its properties panel and the
// Camunda 7 element templates support, bundled (modeler-entry.js) and run in headless Chromium.
// Shapes are drawn and moved with bpmn-js's modeling commands (what the canvas runs), templates are
// applied as the Modeler's "Select template" does (elementTemplates.applyTemplate), and their fields,
// ids and names are typed into the properties panel; the file is what saveXML writes. Run from this
// folder (Debian's chromium installed):
//
//   npm install && ../../../../jobnet convert modeler-edited.yaml -o /tmp/converted \
//     && node save-with-bpmn-js.mjs /tmp/converted/modeler-edited.bpmn ../../../../bpmn
//
// modeler-edited.bpmn: the converter's BPMN of modeler-edited.yaml, edited as an operator does: the
//   diagram moved, the shapes after 'load' moved right, a task drawn there and made a job with the
//   'Jobnet job' template (../../../../modeler/element-templates), the flow from 'load' to the
//   finally reconnected to it, and a new flow from it to the finally.
// modeler-drawn.bpmn: a jobnet drawn from a new diagram with the Modeler's generated ids (events and
//   flows keep them; the tasks, gateways and subprocesses the tests name are renamed in the panel),
//   the templates, a parallel split and join, an expansion, a nested jobnet and a finally.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const [converted, outDir] = process.argv.slice(2);
const templates = JSON.parse(readFileSync('../../../../modeler/element-templates/jobnet.json', 'utf8'));
const bundle = join(mkdtempSync(join(tmpdir(), 'jobnet-modeler-')), 'modeler.js');
await build({ entryPoints: ['modeler-entry.js'], bundle: true, outfile: bundle, format: 'iife', logLevel: 'warning' });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1900, height: 1000 } });
page.on('pageerror', e => { throw e; });
await page.setContent('<div id="canvas" style="width:1400px;height:1000px;float:left"></div>'
  + '<div id="panel" style="width:480px;float:left"></div>');
await page.addScriptTag({ path: bundle });

/** Selects an element, opens every group of the panel and types each value into the field labelled so. */
async function typeIntoPanel(elementId, fields) {
  await page.evaluate(id => {
    const element = window.modeler.get('elementRegistry').get(id);
    if (!element) {
      throw new Error('no element ' + id);
    }
    window.modeler.get('selection').select(element);
  }, elementId);
  await page.waitForSelector('#panel .bio-properties-panel-group-header');
  for (const header of await page.$$('#panel .bio-properties-panel-group-header:not(.open)')) {
    await header.click();
  }
  for (const [label, value] of Object.entries(fields)) {
    const input = page.locator('#panel').getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Tab');
  }
  // The panel writes text fields after a short debounce.
  await page.waitForTimeout(600);
}

/** Applies a template to an element as the Modeler's "Select template" does; the element's new id. */
async function applyTemplate(elementId, templateId) {
  return page.evaluate(([id, tid]) => {
    const m = window.modeler;
    const template = m.get('elementTemplates').getAll().find(t => t.id === tid);
    return m.get('elementTemplates').applyTemplate(m.get('elementRegistry').get(id), template).id;
  }, [elementId, templateId]);
}

async function save() {
  return page.evaluate(async () => (await window.modeler.saveXML({ format: true })).xml);
}

// ---- modeler-edited.bpmn ----
const verifyDrawn = await page.evaluate(async ({ xml, templates }) => {
  const modeler = window.modeler = window.createModeler(templates);
  await modeler.importXML(xml);
  const registry = modeler.get('elementRegistry');
  const modeling = modeler.get('modeling');
  const root = modeler.get('canvas').getRootElement();
  const shapes = () => registry.filter(e => e.parent === root && !e.waypoints && e.type !== 'label');
  modeling.moveElements(shapes(), { x: 0, y: 40 }, root);
  const load = registry.get('load');
  const right = load.x + load.width;
  modeling.moveElements(shapes().filter(s => s.x > right), { x: 150, y: 0 }, root);
  const task = modeling.createShape(modeler.get('elementFactory').createShape({ type: 'bpmn:Task' }),
    { x: right + 90, y: load.y + load.height / 2 }, root);
  return task.id;
}, { xml: readFileSync(converted, 'utf8'), templates });
const verifyJob = await applyTemplate(verifyDrawn, 'dev.jobnet.job');
await typeIntoPanel(verifyJob, {
  Command: 'sh -c \'test "$CHECK_MODE" = strict && echo verified\'', Timeout: '1m', Retries: '0',
  Variables: 'CHECK_MODE=strict', Name: 'verify', ID: 'verify'
});
await page.evaluate(() => {
  const m = window.modeler;
  const registry = m.get('elementRegistry');
  const modeling = m.get('modeling');
  const load = registry.get('load');
  const verify = registry.get('verify');
  const flow = registry.filter(e => e.waypoints && e.source === load)[0];
  modeling.reconnectEnd(flow, verify, { x: verify.x, y: verify.y + verify.height / 2 });
  modeling.connect(verify, registry.get('_finally'));
});
writeFileSync(outDir + '/modeler-edited.bpmn', await save());

// ---- modeler-drawn.bpmn ----
// Each element is drawn (a task or a subprocess, as the palette draws them), made what it is with a
// template, then named in the panel: its id is ours from then on. Events and flows keep generated ids.
await page.evaluate(async (templates) => {
  window.modeler.destroy();
  window.modeler = window.createModeler(templates);
  await window.modeler.createDiagram();
}, templates);
const draw = (type, x, y, parent, attrs = {}) => page.evaluate(([type, x, y, parent, attrs]) => {
  const m = window.modeler;
  const p = parent ? m.get('elementRegistry').get(parent) : m.get('canvas').getRootElement();
  return m.get('modeling').createShape(m.get('elementFactory').createShape({ type, ...attrs }), { x, y }, p).id;
}, [type, x, y, parent, attrs]);
const startOf = parent => page.evaluate(p => {
  const registry = window.modeler.get('elementRegistry');
  const parentElement = p ? registry.get(p) : window.modeler.get('canvas').getRootElement();
  const found = registry.filter(e => e.type === 'bpmn:StartEvent' && e.parent === parentElement)[0];
  return found ? found.id : null;
}, parent);
async function templated(type, x, y, parent, templateId, fields, attrs = {}) {
  const id = await applyTemplate(await draw(type, x, y, parent, attrs), templateId);
  await typeIntoPanel(id, fields);
  return fields.ID;
}

const root = await page.evaluate(() => window.modeler.get('canvas').getRootElement().id);
await typeIntoPanel(root, {
  Name: 'Drawn in Camunda Modeler', ID: 'modeler-drawn',
  'Element documentation': 'What to expect: Activity_fetch and the expansion of job-test succeed; in the'
    + ' nested jobnet Activity_resize succeeds and Activity_check fails (exit 3, no retries), so the nested'
    + ' jobnet fails and Activity_publish is SKIPPED; the finally still runs Activity_tidy; the run ends FAILED'
    + ' and the administrators get one mail about Activity_check.'
});
await page.locator('#panel').getByLabel('Executable', { exact: true }).check();
const d = { start: await startOf(null) };
d.fork = await draw('bpmn:ParallelGateway', 260, 200);
await typeIntoPanel(d.fork, { ID: 'Gateway_0k3fork' });
d.fork = 'Gateway_0k3fork';
d.fetch = await templated('bpmn:Task', 380, 120, null, 'dev.jobnet.job',
  { Name: 'Fetch', ID: 'Activity_fetch', Command: 'echo fetched', Retries: '2', 'First wait': '1s' });
d.expand = await templated('bpmn:Task', 380, 280, null, 'dev.jobnet.expansion',
  { Name: 'Run job-test', ID: 'Activity_1expand', 'Root jobnet': 'job-test' });
d.join = await draw('bpmn:ParallelGateway', 500, 200);
await typeIntoPanel(d.join, { ID: 'Gateway_1m2join' });
d.join = 'Gateway_1m2join';
d.nested = await templated('bpmn:SubProcess', 800, 200, null, 'dev.jobnet.jobnet',
  { Name: 'Images', ID: 'Activity_0nested' }, { isExpanded: true, width: 450, height: 200 });
d.nStart = await startOf(d.nested) || await draw('bpmn:StartEvent', 620, 200, d.nested);
d.resize = await templated('bpmn:Task', 740, 200, d.nested, 'dev.jobnet.job',
  { Name: 'Resize', ID: 'Activity_resize', Command: 'echo resized' });
d.check = await templated('bpmn:Task', 880, 200, d.nested, 'dev.jobnet.job',
  { Name: 'Check', ID: 'Activity_check', Command: 'sh -c \'echo check fails on purpose >&2; exit 3\'', Retries: '0' });
d.nEnd = await draw('bpmn:EndEvent', 990, 200, d.nested);
d.publish = await templated('bpmn:Task', 1110, 200, null, 'dev.jobnet.job',
  { Name: 'Publish', ID: 'Activity_publish', Command: 'echo never published' });
d.fin = await templated('bpmn:SubProcess', 1380, 200, null, 'dev.jobnet.finally',
  { Name: 'finally', ID: 'Activity_0finally' }, { isExpanded: true, width: 330, height: 200 });
d.fStart = await startOf(d.fin) || await draw('bpmn:StartEvent', 1260, 200, d.fin);
d.tidy = await templated('bpmn:Task', 1380, 200, d.fin, 'dev.jobnet.job',
  { Name: 'Tidy', ID: 'Activity_tidy', Command: 'echo tidied' });
d.fEnd = await draw('bpmn:EndEvent', 1500, 200, d.fin);
d.end = await draw('bpmn:EndEvent', 1600, 200, null);
await page.evaluate(d => {
  const m = window.modeler;
  const registry = m.get('elementRegistry');
  for (const [a, b] of [[d.start, d.fork], [d.fork, d.fetch], [d.fork, d.expand], [d.fetch, d.join],
    [d.expand, d.join], [d.join, d.nested], [d.nStart, d.resize], [d.resize, d.check], [d.check, d.nEnd],
    [d.nested, d.publish], [d.publish, d.fin], [d.fStart, d.tidy], [d.tidy, d.fEnd], [d.fin, d.end]]) {
    if (!registry.get(a) || !registry.get(b)) {
      throw new Error('no element ' + (registry.get(a) ? b : a));
    }
    m.get('modeling').connect(registry.get(a), registry.get(b));
  }
}, d);
writeFileSync(outDir + '/modeler-drawn.bpmn', await save());
await browser.close();
