// Writes the example BPMN files made "in Camunda Modeler" (bpmn/modeler-*.bpmn) with bpmn-js, the
// modeling library inside Camunda Modeler, running in headless Chromium: the files are edited with
// bpmn-js's modeling commands (the ones the Modeler's canvas and properties panel run) and saved by
// its saveXML. Run from this folder (Debian's chromium installed):
//
//   npm install && ../../../../jobnet convert modeler-edited.yaml -o /tmp/converted \
//     && node save-with-bpmn-js.mjs /tmp/converted/modeler-edited.bpmn ../../../../bpmn
//
// modeler-edited.bpmn: the converter's BPMN of modeler-edited.yaml, edited as an operator does: the
//   diagram moved, the shapes after 'load' moved right, a job added with the 'Jobnet job' template's
//   properties (element-templates/), the flow from 'load' to the finally reconnected to it, and a new
//   flow from it to the finally.
// modeler-drawn.bpmn: a jobnet drawn from a new diagram with the Modeler's generated ids (events and
//   flows keep them; the tasks, gateways and subprocesses the tests name are renamed, as in the
//   properties panel), the templates' properties, a parallel split and join, an expansion, a nested
//   jobnet and a finally.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [converted, outDir] = process.argv.slice(2);
const camunda = JSON.parse(readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'));

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
const page = await browser.newPage({ viewport: { width: 1800, height: 1000 } });
page.on('console', m => console.log('page:', m.text()));
await page.setContent('<div id="canvas" style="width:1800px;height:1000px"></div>');
await page.addScriptTag({ path: require.resolve('bpmn-js/dist/bpmn-modeler.development.js') });

const edited = await page.evaluate(async ({ xml, camunda }) => {
  const modeler = new BpmnJS({ container: '#canvas', moddleExtensions: { camunda } });
  await modeler.importXML(xml);
  const registry = modeler.get('elementRegistry');
  const modeling = modeler.get('modeling');
  const factory = modeler.get('elementFactory');
  const moddle = modeler.get('moddle');
  const root = modeler.get('canvas').getRootElement();
  const shapes = () => registry.filter(e => e.parent === root && !e.waypoints && e.type !== 'label');
  // The operator drags the whole diagram 40 px down.
  modeling.moveElements(shapes(), { x: 0, y: 40 }, root);
  // Makes room right of 'load' and draws the new job there.
  const load = registry.get('load');
  const fin = registry.get('_finally');
  const right = load.x + load.width;
  modeling.moveElements(shapes().filter(s => s.x > right), { x: 150, y: 0 }, root);
  const verify = modeling.createShape(factory.createShape({ type: 'bpmn:ServiceTask' }),
    { x: right + 90, y: load.y + load.height / 2 }, root);
  // What applying the 'Jobnet job' template and filling its fields writes.
  const props = moddle.create('camunda:Properties', { values: [
    ['jobnet.command', 'sh -c \'test "$CHECK_MODE" = strict && echo verified\''],
    ['jobnet.retries', '0'], ['jobnet.timeout', '1m'], ['jobnet.env', 'CHECK_MODE=strict']
  ].map(([name, value]) => moddle.create('camunda:Property', { name, value })) });
  modeling.updateProperties(verify, {
    id: 'verify', name: 'verify', 'camunda:type': 'external', 'camunda:topic': 'jobnet.default',
    'camunda:modelerTemplate': 'dev.jobnet.job', 'camunda:modelerTemplateVersion': 1,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [props] })
  });
  // The flow from 'load' to the finally is reconnected to the new job, and the job to the finally.
  const flow = registry.filter(e => e.waypoints && e.source === load)[0];
  modeling.reconnectEnd(flow, verify, { x: verify.x, y: verify.y + verify.height / 2 });
  modeling.connect(verify, fin);
  return (await modeler.saveXML({ format: true })).xml;
}, { xml: readFileSync(converted, 'utf8'), camunda });
writeFileSync(outDir + '/modeler-edited.bpmn', edited);

const drawn = await page.evaluate(async ({ camunda }) => {
  const modeler = new BpmnJS({ container: '#canvas', moddleExtensions: { camunda } });
  await modeler.createDiagram();
  const registry = modeler.get('elementRegistry');
  const modeling = modeler.get('modeling');
  const factory = modeler.get('elementFactory');
  const moddle = modeler.get('moddle');
  const root = modeler.get('canvas').getRootElement();
  const props = values => moddle.create('camunda:Properties', {
    values: Object.entries(values).map(([name, value]) => moddle.create('camunda:Property', { name, value })) });
  const ext = (...values) => moddle.create('bpmn:ExtensionElements', { values });
  const template = (shape, id, name, settings) => modeling.updateProperties(shape, {
    id, name, 'camunda:type': 'external', 'camunda:topic': 'jobnet.default',
    'camunda:modelerTemplate': 'dev.jobnet.job', 'camunda:modelerTemplateVersion': 1,
    extensionElements: ext(props(settings)) });
  const at = (type, x, y, parent = root, attrs = {}) =>
    modeling.createShape(factory.createShape({ type, ...attrs }), { x, y }, parent);

  modeling.updateProperties(root, { id: 'modeler-drawn', name: 'Drawn in Camunda Modeler', isExecutable: true,
    'camunda:historyTimeToLive': '30',
    documentation: [moddle.create('bpmn:Documentation', { text: 'What to expect: Activity_fetch and the expansion'
      + ' of job-test succeed; in the nested jobnet Activity_resize succeeds and Activity_check fails (exit 3,'
      + ' no retries), so the nested jobnet fails and Activity_publish is SKIPPED; the finally still runs'
      + ' Activity_tidy; the run ends FAILED and the administrators get one mail about Activity_check.' })] });
  const start = registry.filter(e => e.type === 'bpmn:StartEvent')[0];
  const fork = at('bpmn:ParallelGateway', 260, 200);
  modeling.updateProperties(fork, { id: 'Gateway_0k3fork' });
  const fetch = at('bpmn:ServiceTask', 380, 120);
  template(fetch, 'Activity_fetch', 'Fetch', { 'jobnet.command': 'echo fetched', 'jobnet.retries': '2', 'jobnet.backoff': '1s' });
  const expand = at('bpmn:CallActivity', 380, 280);
  modeling.updateProperties(expand, { id: 'Activity_1expand', name: 'Run job-test', calledElement: 'job-test', 'camunda:calledElementBinding': 'latest',
    'camunda:modelerTemplate': 'dev.jobnet.expansion', 'camunda:modelerTemplateVersion': 1,
    extensionElements: ext(moddle.create('camunda:In', { businessKey: '#{execution.processBusinessKey}' }),
      moddle.create('camunda:In', { variables: 'all' })) });
  const join = at('bpmn:ParallelGateway', 500, 200);
  modeling.updateProperties(join, { id: 'Gateway_1m2join' });
  const nested = at('bpmn:SubProcess', 800, 200, root, { isExpanded: true, width: 450, height: 200 });
  modeling.updateProperties(nested, { id: 'Activity_0nested', name: 'Images', 'camunda:modelerTemplate': 'dev.jobnet.jobnet',
    'camunda:modelerTemplateVersion': 1, extensionElements: ext(props({ 'jobnet.kind': 'jobnet' })) });
  const nStart = registry.filter(e => e.type === 'bpmn:StartEvent' && e.parent === nested)[0]
    || at('bpmn:StartEvent', 620, 200, nested);
  const resize = at('bpmn:ServiceTask', 740, 200, nested);
  template(resize, 'Activity_resize', 'Resize', { 'jobnet.command': 'echo resized' });
  const check = at('bpmn:ServiceTask', 880, 200, nested);
  template(check, 'Activity_check', 'Check', { 'jobnet.command': 'sh -c \'echo check fails on purpose >&2; exit 3\'', 'jobnet.retries': '0' });
  const nEnd = at('bpmn:EndEvent', 990, 200, nested);
  const publish = at('bpmn:ServiceTask', 1110, 200);
  template(publish, 'Activity_publish', 'Publish', { 'jobnet.command': 'echo never published' });
  const fin = at('bpmn:SubProcess', 1380, 200, root, { isExpanded: true, width: 330, height: 200 });
  modeling.updateProperties(fin, { id: 'Activity_0finally', name: 'finally', 'camunda:modelerTemplate': 'dev.jobnet.finally',
    'camunda:modelerTemplateVersion': 1, extensionElements: ext(props({ 'jobnet.kind': 'finally' })) });
  const fStart = registry.filter(e => e.type === 'bpmn:StartEvent' && e.parent === fin)[0]
    || at('bpmn:StartEvent', 1260, 200, fin);
  const tidy = at('bpmn:ServiceTask', 1380, 200, fin);
  template(tidy, 'Activity_tidy', 'Tidy', { 'jobnet.command': 'echo tidied' });
  const fEnd = at('bpmn:EndEvent', 1500, 200, fin);
  const end = at('bpmn:EndEvent', 1600, 200);
  for (const [a, b] of [[start, fork], [fork, fetch], [fork, expand], [fetch, join], [expand, join], [join, nested],
    [nStart, resize], [resize, check], [check, nEnd], [nested, publish], [publish, fin], [fStart, tidy], [tidy, fEnd],
    [fin, end]]) {
    modeling.connect(a, b);
  }
  return (await modeler.saveXML({ format: true })).xml;
}, { camunda });
writeFileSync(outDir + '/modeler-drawn.bpmn', drawn);
await browser.close();
