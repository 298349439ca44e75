// Each job, nested jobnet, finally and expansion on a run's diagram labelled with its jobnet state
// (SUCCEEDED, FAILED, SKIPPED, STOPPED, STUCK, ON_HOLD, ...), as the Run page shows it, with its reason
// as the label's title: on Cockpit's diagram of a running process instance (read again every 5 s while
// the page shows it), and on the Run page's own diagram (run-diagram.js), which shows ended runs too.
import {jobnet} from './api.js';

const REFRESH_MS = 5000;

/** The nodes of the run's own diagram: nested jobnets' content included, an expanded run's left out. */
function ownNodes(nodes, out) {
  for (const node of nodes || []) {
    out.push(node);
    if (node.kind !== 'expansion') {
      ownNodes(node.children, out);
    }
  }
  return out;
}

function label(node) {
  const span = document.createElement('span');
  span.className = 'jobnet-state jobnet-state-' + node.state + ' jobnet-diagram-state';
  span.setAttribute('data-element', node.elementId);
  span.setAttribute('data-state', node.state);
  span.title = node.state + (node.reason ? ': ' + node.reason : '');
  span.textContent = node.state;
  return span;
}

/** Labels the elements of a bpmn-js viewer with the states of run (a run tree of /jobnet-api/runs/{id}). */
export function showStates(viewer, run) {
  const overlays = viewer.get('overlays');
  const registry = viewer.get('elementRegistry');
  overlays.remove({type: 'jobnet-state'});
  for (const node of ownNodes(run.nodes, [])) {
    if (registry.get(node.elementId)) {
      overlays.add(node.elementId, 'jobnet-state', {position: {bottom: 2, left: -4}, html: label(node)});
    }
  }
}

export default {
  id: 'jobnet.diagram.states',
  pluginPoint: 'cockpit.processInstance.diagram.plugin',
  priority: 10,
  render: (viewer, {processInstanceId}) => {
    let timer = null;
    const show = async () => {
      const container = viewer.get('canvas').getContainer();
      if (!container.isConnected) {
        return; // the page was left
      }
      try {
        const run = await jobnet('GET', '/runs/' + encodeURIComponent(processInstanceId));
        showStates(viewer, run);
        if (run.state === 'RUNNING' || run.state === 'ON_HOLD') {
          timer = setTimeout(show, REFRESH_MS);
        }
      } catch (e) {
        clearTimeout(timer); // not a jobnet run, or no longer visible: Cockpit's own diagram stays as it is
      }
    };
    show();
  }
};
