// Writes the example BPMN files made "in Camunda Modeler" (bpmn/modeler-*.bpmn) with bpmn-moddle, the
// library Camunda Modeler and bpmn-js read and save BPMN with, and the Camunda extension descriptor the
// Modeler uses for Camunda 7. Run from this folder:
//
//   npm install && ../../../../jobnet convert modeler-edited.yaml -o /tmp/converted \
//     && node edit-like-modeler.mjs /tmp/converted/modeler-edited.bpmn ../../../../bpmn
//
// modeler-edited.bpmn: the converter's BPMN of modeler-edited.yaml, edited as an operator does in the
//   Modeler: shapes moved, a job added from the 'Jobnet job' template (element-templates/), the flow
//   from the last job to the finally redrawn through it.
// modeler-drawn.bpmn: a jobnet drawn from nothing, with the Modeler's kind of ids, the templates'
//   properties, a parallel split and join, an expansion, a nested jobnet and a finally.
import { readFileSync, writeFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };

const moddle = new BpmnModdle({ camunda: camundaModdle });
const [converted, outDir] = process.argv.slice(2);

function props(values) {
  return moddle.create('camunda:Properties', {
    values: Object.entries(values).map(([name, value]) => moddle.create('camunda:Property', { name, value }))
  });
}

// What applying the 'Jobnet job' template writes (element-templates/jobnet-job.json).
function templateJob(id, name, server, settings) {
  return moddle.create('bpmn:ServiceTask', {
    id, name, type: 'external', topic: 'jobnet.' + server,
    modelerTemplate: 'dev.jobnet.job', modelerTemplateVersion: 1,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [props(settings)] })
  });
}

function shape(element, x, y, w, h) {
  return moddle.create('bpmndi:BPMNShape', {
    id: element.id + '_di', bpmnElement: element,
    bounds: moddle.create('dc:Bounds', { x, y, width: w, height: h }),
    isExpanded: element.$type === 'bpmn:SubProcess' ? true : undefined
  });
}

function edge(flow, points) {
  return moddle.create('bpmndi:BPMNEdge', {
    id: flow.id + '_di', bpmnElement: flow,
    waypoint: points.map(([x, y]) => moddle.create('dc:Point', { x, y }))
  });
}

function connect(container, id, source, target) {
  const flow = moddle.create('bpmn:SequenceFlow', { id, sourceRef: source, targetRef: target });
  container.flowElements.push(flow);
  (source.outgoing ||= []).push(flow);
  (target.incoming ||= []).push(flow);
  return flow;
}

async function edited() {
  const { rootElement: definitions } = await moddle.fromXML(readFileSync(converted, 'utf8'));
  const process = definitions.rootElements.find(e => e.$type === 'bpmn:Process');
  const plane = definitions.diagrams[0].plane;
  const byId = id => process.flowElements.find(e => e.id === id);
  // Moved shapes: the operator drags the whole diagram 40 px down.
  for (const di of plane.planeElement) {
    if (di.bounds) di.bounds.y += 40;
    if (di.waypoint) di.waypoint.forEach(p => { p.y += 40; });
  }
  // A job added from the template after 'load', and the flow from 'load' redrawn to reach it.
  const load = byId('load');
  const fin = byId('_finally');
  const verify = templateJob('verify', 'verify', 'default', {
    'jobnet.command': 'sh -c \'test "$CHECK_MODE" = strict && echo verified\'',
    'jobnet.retries': '0',
    'jobnet.timeout': '1m',
    'jobnet.env': 'CHECK_MODE=strict'
  });
  process.flowElements.push(verify);
  const redrawn = process.flowElements.find(e => e.$type === 'bpmn:SequenceFlow' && e.sourceRef === load);
  redrawn.targetRef = verify;
  fin.incoming = (fin.incoming || []).filter(f => f !== redrawn);
  (verify.incoming ||= []).push(redrawn);
  const toFinally = connect(process, 'Flow_0verify', verify, fin);
  // Make room: everything right of 'load' moves 150 px right.
  const loadDi = plane.planeElement.find(d => d.bpmnElement === load);
  const right = loadDi.bounds.x + loadDi.bounds.width;
  for (const di of plane.planeElement) {
    if (di.bounds && di.bounds.x > right) di.bounds.x += 150;
    if (di.waypoint) di.waypoint.forEach(p => { if (p.x > right) p.x += 150; });
  }
  const y = loadDi.bounds.y;
  plane.planeElement.push(shape(verify, right + 40, y, 100, 80));
  const redrawnDi = plane.planeElement.find(d => d.bpmnElement === redrawn);
  redrawnDi.waypoint = [moddle.create('dc:Point', { x: right, y: y + 40 }), moddle.create('dc:Point', { x: right + 40, y: y + 40 })];
  const finDi = plane.planeElement.find(d => d.bpmnElement === fin);
  plane.planeElement.push(edge(toFinally, [[right + 140, y + 40], [finDi.bounds.x, y + 40]]));
  const { xml } = await moddle.toXML(definitions, { format: true });
  writeFileSync(outDir + '/modeler-edited.bpmn', xml);
}

async function drawn() {
  const el = (type, id, attrs = {}) => moddle.create(type, { id, ...attrs });
  const process = el('bpmn:Process', 'modeler-drawn', {
    name: 'Drawn in Camunda Modeler', isExecutable: true, historyTimeToLive: '30', flowElements: [],
    documentation: [moddle.create('bpmn:Documentation', { text: 'What to expect: Activity_fetch and the expansion'
      + ' of job-test succeed; in the nested jobnet Activity_resize succeeds and Activity_check fails (exit 3,'
      + ' no retries), so the nested jobnet fails and Activity_publish is SKIPPED; the finally still runs'
      + ' Activity_tidy; the run ends FAILED and the administrators get one mail about Activity_check.' })]
  });
  const add = (container, element) => { container.flowElements.push(element); return element; };
  const start = add(process, el('bpmn:StartEvent', 'StartEvent_1'));
  const fork = add(process, el('bpmn:ParallelGateway', 'Gateway_0k3fork'));
  const fetch = add(process, templateJob('Activity_fetch', 'Fetch', 'default', {
    'jobnet.command': 'echo fetched', 'jobnet.retries': '2', 'jobnet.backoff': '1s' }));
  const expand = add(process, el('bpmn:CallActivity', 'Activity_1expand', {
    name: 'Run job-test', calledElement: 'job-test', calledElementBinding: 'latest',
    modelerTemplate: 'dev.jobnet.expansion', modelerTemplateVersion: 1,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [
      moddle.create('camunda:In', { businessKey: '#{execution.processBusinessKey}' }),
      moddle.create('camunda:In', { variables: 'all' })] })
  }));
  const join = add(process, el('bpmn:ParallelGateway', 'Gateway_1m2join'));
  const nested = add(process, el('bpmn:SubProcess', 'Activity_0nested', { name: 'Images', flowElements: [],
    modelerTemplate: 'dev.jobnet.jobnet', modelerTemplateVersion: 1,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [props({ 'jobnet.kind': 'jobnet' })] }) }));
  const nStart = add(nested, el('bpmn:StartEvent', 'Event_0nstart'));
  const resize = add(nested, templateJob('Activity_resize', 'Resize', 'default', { 'jobnet.command': 'echo resized' }));
  const check = add(nested, templateJob('Activity_check', 'Check', 'default', {
    'jobnet.command': 'sh -c \'echo check fails on purpose >&2; exit 3\'', 'jobnet.retries': '0' }));
  const nEnd = add(nested, el('bpmn:EndEvent', 'Event_0nend'));
  const publish = add(process, templateJob('Activity_publish', 'Publish', 'default', { 'jobnet.command': 'echo never published' }));
  const fin = add(process, el('bpmn:SubProcess', 'Activity_0finally', { name: 'finally', flowElements: [],
    modelerTemplate: 'dev.jobnet.finally', modelerTemplateVersion: 1,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [props({ 'jobnet.kind': 'finally' })] }) }));
  const fStart = add(fin, el('bpmn:StartEvent', 'Event_0fstart'));
  const tidy = add(fin, templateJob('Activity_tidy', 'Tidy', 'default', { 'jobnet.command': 'echo tidied' }));
  const fEnd = add(fin, el('bpmn:EndEvent', 'Event_0fend'));
  const end = add(process, el('bpmn:EndEvent', 'EndEvent_1'));

  const flows = [
    connect(process, 'Flow_1', start, fork), connect(process, 'Flow_2', fork, fetch), connect(process, 'Flow_3', fork, expand),
    connect(process, 'Flow_4', fetch, join), connect(process, 'Flow_5', expand, join), connect(process, 'Flow_6', join, nested),
    connect(nested, 'Flow_7', nStart, resize), connect(nested, 'Flow_8', resize, check), connect(nested, 'Flow_9', check, nEnd),
    connect(process, 'Flow_10', nested, publish), connect(process, 'Flow_11', publish, fin),
    connect(fin, 'Flow_12', fStart, tidy), connect(fin, 'Flow_13', tidy, fEnd), connect(process, 'Flow_14', fin, end)];

  const shapes = [
    shape(start, 152, 182, 36, 36), shape(fork, 235, 175, 50, 50), shape(fetch, 330, 100, 100, 80),
    shape(expand, 330, 220, 100, 80), shape(join, 475, 175, 50, 50), shape(nested, 570, 100, 400, 200),
    shape(nStart, 600, 182, 36, 36), shape(resize, 680, 160, 100, 80), shape(check, 820, 160, 100, 80),
    shape(nEnd, 942, 182, 36, 36), shape(publish, 1020, 160, 100, 80), shape(fin, 1170, 100, 300, 200),
    shape(fStart, 1200, 182, 36, 36), shape(tidy, 1280, 160, 100, 80), shape(fEnd, 1422, 182, 36, 36),
    shape(end, 1522, 182, 36, 36)];
  const centre = s => [s.bounds.x + s.bounds.width / 2, s.bounds.y + s.bounds.height / 2];
  const shapeOf = e => shapes.find(s => s.bpmnElement === e);
  const edges = flows.map(f => {
    const [sx, sy] = centre(shapeOf(f.sourceRef));
    const [tx, ty] = centre(shapeOf(f.targetRef));
    const from = [shapeOf(f.sourceRef).bounds.x + shapeOf(f.sourceRef).bounds.width, sy];
    const to = [shapeOf(f.targetRef).bounds.x, ty];
    return edge(f, sy === ty ? [from, to] : [from, [from[0] + 20, sy], [from[0] + 20, ty], to]);
  });
  const plane = moddle.create('bpmndi:BPMNPlane', { id: 'BPMNPlane_1', bpmnElement: process, planeElement: [...shapes, ...edges] });
  const definitions = moddle.create('bpmn:Definitions', {
    id: 'Definitions_0drawn', targetNamespace: 'http://bpmn.io/schema/bpmn', exporter: 'Camunda Modeler',
    exporterVersion: '5.31.0', rootElements: [process],
    diagrams: [moddle.create('bpmndi:BPMNDiagram', { id: 'BPMNDiagram_1', plane })]
  });
  const { xml } = await moddle.toXML(definitions, { format: true });
  writeFileSync(outDir + '/modeler-drawn.bpmn', xml);
}

await edited();
await drawn();
