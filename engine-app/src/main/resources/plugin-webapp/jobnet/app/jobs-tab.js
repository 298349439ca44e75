// A run as a tree of jobs: every job, nested jobnet, finally and expansion with its state, agent,
// attempts, times and reason; Stop for a running job or jobnet; the log of a job; the operators'
// actions. Shown as the Jobs tab of a running process instance, and as the Run page (#/jobnet-runs/<id>),
// which also shows runs that have ended (Cockpit's Community Edition shows no ended process instance).
import {jobnet} from './api.js';
import {confirmAction} from './dialog.js';
import {openJobLog} from './job-log.js';
import {h, replace, state, time} from './format.js';

const REFRESH_MS = 5000;
const STOPPABLE = ['RUNNING', 'PENDING', 'STUCK'];
let timer = null;

/** The rows of the tree, each with the run (process instance) it belongs to: an expansion starts another. */
function flatten(nodes, runId, depth, out) {
  for (const node of nodes || []) {
    out.push({node, runId, depth});
    flatten(node.children, node.kind === 'expansion' && node.runId ? node.runId : runId, depth + 1, out);
  }
  return out;
}

function stopNode(row, reload) {
  const {node, runId} = row;
  const isExpansion = node.kind === 'expansion';
  const what = node.kind === 'job' ? 'job' : 'jobnet';
  confirmAction({
    title: 'Stop ' + what + ' ' + node.elementId,
    question: node.kind === 'job'
      ? 'Stop job ' + node.elementId + '? Its command (with its children) is killed; the job ends STOPPED, the jobs'
        + ' after it are skipped, the finally block runs and the jobnet ends FAILED.'
      : 'Stop jobnet ' + node.elementId + '? Its running jobs are killed, the others skipped; it ends STOPPED.',
    confirmLabel: 'Stop ' + what,
    withReason: true,
    danger: true,
    perform: reason => (isExpansion && node.runId
      ? jobnet('POST', '/runs/' + encodeURIComponent(node.runId) + '/stop', {reason: reason || null})
      : jobnet('POST', '/runs/' + encodeURIComponent(runId) + '/nodes/' + encodeURIComponent(node.elementId) + '/stop',
        {reason: reason || null}))
      .then(answer => (node.kind === 'job' ? 'Job ' : 'Jobnet ') + node.elementId + ' is ' + answer.state + '.'),
    onDone: reload
  });
}

function row(r, reload) {
  const n = r.node;
  const actions = [];
  if ((n.kind === 'job' || n.kind === 'jobnet' || n.kind === 'expansion') && STOPPABLE.includes(n.state)) {
    actions.push(h('button', {class: 'btn btn-default btn-xs jobnet-stop-job', type: 'button', 'data-element': n.elementId,
      onclick: () => stopNode(r, reload)}, h('span', {class: 'glyphicon glyphicon-stop'}), ' Stop'));
  }
  if (n.kind === 'job' && n.state !== 'WAITING' && n.state !== 'SKIPPED') {
    actions.push(h('button', {class: 'btn btn-default btn-xs jobnet-log-button', type: 'button', 'data-element': n.elementId,
      onclick: () => openJobLog(r.runId, n.elementId)}, h('span', {class: 'glyphicon glyphicon-list-alt'}), ' Log'));
  }
  return h('tr', {class: 'jobnet-node', 'data-element': n.elementId, 'data-state': n.state},
    h('td', {style: 'padding-left: ' + (8 + r.depth * 18) + 'px', title: n.path || ''}, n.name,
      n.name !== n.elementId ? h('span', {class: 'text-muted'}, ' (' + n.elementId + ')') : null),
    h('td', {}, n.kind),
    h('td', {}, state(n.state)),
    h('td', {}, n.agent || ''),
    h('td', {}, n.attempts === null || n.attempts === undefined || n.state === 'WAITING' ? '' : String(n.attempts)),
    h('td', {}, time(n.startTime)),
    h('td', {}, time(n.endTime)),
    h('td', {class: 'jobnet-reason'}, n.reason || ''),
    h('td', {class: 'jobnet-actions'}, actions));
}

/** Shows run runId in container, read again every 5 s while it runs and container is on the page. */
export async function showRun(container, runId) {
  clearTimeout(timer);
  const reload = () => showRun(container, runId);
  try {
    const run = await jobnet('GET', '/runs/' + encodeURIComponent(runId));
    const rows = flatten(run.nodes, run.id, 0, []);
    const actions = await jobnet('GET', '/runs/' + encodeURIComponent(runId) + '/actions').catch(() => []);
    replace(container,
      h('p', {class: 'jobnet-run-summary'}, 'Jobnet ', h('strong', {}, run.name), ' (', run.jobnet, ')',
        run.businessKey ? ', business key ' + run.businessKey : '', ': ', state(run.state),
        run.reason ? ' — ' + run.reason : '', ' ', time(run.startTime), run.endTime ? ' – ' + time(run.endTime) : '',
        ' ',
        h('button', {class: 'btn btn-link btn-xs jobnet-refresh', type: 'button', onclick: reload}, 'Refresh')),
      h('table', {class: 'cam-table jobnet-table jobnet-jobs'},
        h('thead', {}, h('tr', {}, ['Job', 'Kind', 'State', 'Agent', 'Attempts', 'Started', 'Ended', 'Reason', '']
          .map(c => h('th', {}, c)))),
        h('tbody', {}, rows.map(r => row(r, reload)))),
      actions.length === 0 ? null : [
        h('h4', {class: 'jobnet-actions-title'}, 'Operator actions'),
        h('table', {class: 'cam-table jobnet-table jobnet-operator-actions'},
          h('thead', {}, h('tr', {}, ['When', 'Who', 'Action', 'Job or jobnet', 'Reason'].map(c => h('th', {}, c)))),
          h('tbody', {}, actions.map(a => h('tr', {},
            h('td', {}, time(a.actedAt)), h('td', {}, a.actedBy), h('td', {}, a.action),
            h('td', {}, a.elementId || '(the run)'), h('td', {class: 'jobnet-reason'}, a.reason || '')))))]);
    if (run.state === 'RUNNING' && container.isConnected) {
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
    node.appendChild(h('div', {class: 'jobnet-page jobnet-run-page'},
      h('h1', {class: 'section-title'}, 'Run ', h('span', {class: 'jobnet-run-id'}, runId)),
      h('p', {}, h('a', {href: '#/jobnets'}, '‹ Jobnets'), ' · ',
        h('a', {href: '#/process-instance/' + encodeURIComponent(runId) + '/runtime'}, 'Cockpit\'s page of the process instance'),
        ' (while it runs) · ',
        h('a', {class: 'jobnet-run-events', href: '#/jobnet-events?rootRunId=' + encodeURIComponent(runId)},
          'Events of this run')),
      container));
    showRun(container, runId);
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
