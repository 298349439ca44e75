// A run as a tree of jobs: every job, nested jobnet, finally and expansion with its state, agent,
// attempts, times and reason (for what waits: why); Stop for a running job or jobnet; Hold, Release
// and Skip for what has not started; Hold and Release of the whole run; the log of a job; the
// operators' actions. Shown as the Jobs tab of a running process instance, and as the Run page (#/jobnet-runs/<id>),
// which also shows runs that have ended (Cockpit's Community Edition shows no ended process instance),
// with the run's diagram.
import {jobnet} from './api.js';
import {runDiagram} from './run-diagram.js';
import {confirmAction} from './dialog.js';
import {nodeActions, rerun} from './node-actions.js';
import {h, localTimes, replace, state, time} from './format.js';

const REFRESH_MS = 5000;
let timer = null;

/** The rows of the tree, each with the run (process instance) it belongs to: an expansion starts another. */
function flatten(nodes, runId, depth, out) {
  for (const node of nodes || []) {
    out.push({node, runId, depth});
    flatten(node.children, node.kind === 'expansion' && node.runId ? node.runId : runId, depth + 1, out);
  }
  return out;
}

/** Hold or release the whole run. */
function runAction(run, action, reload) {
  confirmAction({
    title: (action === 'hold' ? 'Hold' : 'Release') + ' run',
    question: action === 'hold'
      ? 'Hold run ' + run.id + '? Nothing new starts in it (nor in the runs it expanded); what runs goes on.'
      : 'Release run ' + run.id + '? What waits in it starts.',
    confirmLabel: action === 'hold' ? 'Hold run' : 'Release run',
    withReason: true,
    perform: reason => jobnet('POST', '/runs/' + encodeURIComponent(run.id) + '/' + action, {reason: reason || null})
      .then(answer => 'Run ' + answer.runId + ' is ' + answer.state + '.'),
    onDone: reload
  });
}

function row(r, reload, run) {
  const actions = nodeActions(r, run, reload);
  const n = r.node;
  return h('tr', {class: 'jobnet-node', 'data-element': n.elementId, 'data-state': n.state},
    h('td', {style: 'padding-left: ' + (8 + r.depth * 18) + 'px', title: n.path || ''}, n.name,
      n.name !== n.elementId ? h('span', {class: 'text-muted'}, ' (' + n.elementId + ')') : null),
    h('td', {}, n.kind),
    h('td', {}, state(n.state)),
    h('td', {}, n.agent || ''),
    h('td', {}, n.attempts === null || n.attempts === undefined || n.state === 'WAITING' ? '' : String(n.attempts)),
    h('td', {}, time(n.startTime)),
    h('td', {}, time(n.endTime)),
    h('td', {class: 'jobnet-reason'}, localTimes(n.reason) || ''),
    h('td', {class: 'jobnet-actions'}, actions));
}

/**
 * Shows run runId in container, read again every 5 s while it runs and container is on the page;
 * onRun, if given, gets the run each time it is read.
 */
export async function showRun(container, runId, onRun) {
  clearTimeout(timer);
  const reload = () => showRun(container, runId, onRun);
  try {
    const run = await jobnet('GET', '/runs/' + encodeURIComponent(runId));
    if (onRun) {
      onRun(run);
    }
    const rows = flatten(run.nodes, run.id, 0, []);
    const actions = await jobnet('GET', '/runs/' + encodeURIComponent(runId) + '/actions').catch(() => []);
    replace(container,
      h('p', {class: 'jobnet-run-summary'}, 'Jobnet ', h('strong', {}, run.name), ' (', run.jobnet, ')',
        run.businessKey ? ', business key ' + run.businessKey : '', ': ', state(run.state),
        run.reason ? ' — ' + run.reason : '', ' ', time(run.startTime), run.endTime ? ' – ' + time(run.endTime) : '',
        ' ',
        h('button', {class: 'btn btn-link btn-xs jobnet-refresh', type: 'button', onclick: reload}, 'Refresh'),
        run.state === 'RUNNING' ? h('button', {class: 'btn btn-default btn-xs jobnet-hold-run', type: 'button',
          onclick: () => runAction(run, 'hold', reload)}, h('span', {class: 'glyphicon glyphicon-pause'}), ' Hold run') : null,
        run.state === 'ON_HOLD' ? h('button', {class: 'btn btn-default btn-xs jobnet-release-run', type: 'button',
          onclick: () => runAction(run, 'release', reload)}, h('span', {class: 'glyphicon glyphicon-play'}), ' Release run')
          : null,
        (run.state === 'FAILED' || run.state === 'STOPPED') && !run.rerunBy
          ? h('button', {class: 'btn btn-default btn-xs jobnet-rerun-run', type: 'button',
            onclick: () => rerun(run, null, 'run', reload)}, h('span', {class: 'glyphicon glyphicon-repeat'}), ' Rerun failed jobs')
          : null),
      run.rerunOf || run.rerunBy ? h('p', {class: 'jobnet-rerun-links'},
        run.rerunOf ? ['This run reruns run ', h('a', {href: '#/jobnet-runs/' + encodeURIComponent(run.rerunOf)},
          run.rerunOf), '. '] : null,
        run.rerunBy ? ['Rerun as run ', h('a', {class: 'jobnet-rerun-by', href: '#/jobnet-runs/'
          + encodeURIComponent(run.rerunBy)}, run.rerunBy), ': act on that run.'] : null) : null,
      h('table', {class: 'cam-table jobnet-table jobnet-jobs'},
        h('thead', {}, h('tr', {}, ['Job', 'Kind', 'State', 'Agent', 'Attempts', 'Started', 'Ended', 'Reason', '']
          .map(c => h('th', {}, c)))),
        h('tbody', {}, rows.map(r => row(r, reload, run)))),
      actions.length === 0 ? null : [
        h('h4', {class: 'jobnet-actions-title'}, 'Operator actions'),
        h('table', {class: 'cam-table jobnet-table jobnet-operator-actions'},
          h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Job or jobnet', 'Reason'].map(c => h('th', {}, c)))),
          h('tbody', {}, actions.map(a => h('tr', {},
            h('td', {}, time(a.actedAt)), h('td', {}, a.actedBy), h('td', {}, a.action),
            h('td', {}, a.elementId || '(the run)'), h('td', {class: 'jobnet-reason'}, a.reason || '')))))]);
    if ((run.state === 'RUNNING' || run.state === 'ON_HOLD') && container.isConnected) {
      timer = setTimeout(reload, REFRESH_MS);
    }
  } catch (e) {
    replace(container, h('div', {class: 'alert alert-warning'}, 'Jobs of this run: ' + e.message));
  }
}

/** The Run page: #/jobnet-runs/<run id>. */
export const runRoute = {
  id: 'jobnet.run.page',
  pluginPoint: 'cockpit.route',
  properties: {path: '/jobnet-runs/:runId', label: 'Run'},
  render: node => {
    const runId = decodeURIComponent(window.location.hash.split('/')[2].split('?')[0]);
    const container = h('div', {class: 'jobnet-jobs-tab'}, 'loading…');
    const diagram = h('div', {class: 'jobnet-run-diagram'});
    node.appendChild(h('div', {class: 'jobnet-page jobnet-run-page'},
      h('h1', {class: 'section-title'}, 'Run ', h('span', {class: 'jobnet-run-id'}, runId)),
      h('p', {}, h('a', {href: '#/jobnets'}, '‹ Jobnets'), ' · ',
        h('a', {href: '#/process-instance/' + encodeURIComponent(runId) + '/runtime'}, 'Cockpit\'s page of the process instance'),
        ' (while it runs) · ',
        h('a', {class: 'jobnet-run-events', href: '#/jobnet-events?rootRunId=' + encodeURIComponent(runId)},
          'Events of this run')),
      container,
      diagram));
    let reload = () => {};
    const onRun = runDiagram(diagram, () => reload());
    reload = () => showRun(container, runId, onRun);
    reload();
  },
  unmount: () => clearTimeout(timer)
};

export default {
  id: 'jobnet.run.jobs',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  priority: 100,
  properties: {label: 'Jobnet'},
  label: 'Jobnet',
  render: (node, {processInstanceId}) => {
    const container = h('div', {class: 'jobnet-jobs-tab'}, 'loading…');
    node.appendChild(container);
    showRun(container, processInstanceId);
  },
  unmount: () => clearTimeout(timer)
};
