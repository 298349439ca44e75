// Each job, nested jobnet, finally and expansion on a run's diagram labelled with its jobnet state
// (SUCCEEDED, FAILED, SKIPPED, STOPPED, STUCK, ON_HOLD, ...), as the Run page shows it, with its reason
// as the label's title: on Cockpit's diagram of a running process instance (read again every 5 s while
// the page shows it), and on the Run page's own diagram (run-diagram.js), which shows ended runs too.
// A click on a job of either diagram offers what the operator may do to it (node-actions.js).
import {jobnet} from './api.js';
import {h} from './format.js';
import {nodeActions} from './node-actions.js';

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

/**
 * A click on an element of the viewer's diagram offers the actions on it, as buttons beside it; a
 * click elsewhere, or on ×, takes them away. actionsFor(elementId) gives the buttons (none: nothing
 * is offered).
 */
export function offerActions(viewer, actionsFor) {
  const overlays = viewer.get('overlays');
  viewer.on('element.click', event => {
    overlays.remove({type: 'jobnet-actions'});
    const id = event.element && event.element.id;
    const buttons = id ? actionsFor(id) : [];
    if (!buttons || buttons.length === 0) {
      return;
    }
    const menu = h('div', {class: 'jobnet-diagram-actions', 'data-element': id}, buttons,
      h('button', {class: 'btn btn-link btn-xs jobnet-diagram-actions-close', type: 'button', title: 'Close',
        onclick: () => overlays.remove({type: 'jobnet-actions'})}, '×'));
    overlays.add(id, 'jobnet-actions', {position: {top: -30, left: 0}, html: menu});
  });
}

/** The actions on the elements of run's own diagram: its own nodes, not those inside expansions. */
export function actionsOf(run, reload) {
  const byId = new Map(ownNodes(run.nodes, []).map(node => [node.elementId, node]));
  return id => byId.has(id) ? nodeActions({node: byId.get(id), runId: run.id}, run, reload) : [];
}

export default {
  id: 'jobnet.diagram.states',
  pluginPoint: 'cockpit.processInstance.diagram.plugin',
  priority: 10,
  render: (viewer, {processInstanceId}) => {
    let timer = null;
    let actions = () => [];
    offerActions(viewer, id => actions(id));
    const show = async () => {
      const container = viewer.get('canvas').getContainer();
      if (!container.isConnected) {
        return; // the page was left
      }
      try {
        const run = await jobnet('GET', '/runs/' + encodeURIComponent(processInstanceId));
        showStates(viewer, run);
        actions = actionsOf(run, () => {
          clearTimeout(timer);
          viewer.get('overlays').remove({type: 'jobnet-actions'});
          show();
        });
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
