// What an operator may do to one job, nested jobnet, finally or expansion of a run, as buttons: Rerun,
// Mark succeeded, Stop, Hold, Release, Skip and Log, each asking for confirmation (and a reason) and
// refused by the server, with the state that forbids it, when it cannot be done. Shown on the rows of
// the Run page and Jobnet tab (jobs-tab.js) and on a job clicked on a run's diagram (diagram-states.js).
import {jobnet} from './api.js';
import {confirmAction} from './dialog.js';
import {openJobLog} from './job-log.js';
import {h} from './format.js';

const STOPPABLE = ['RUNNING', 'PENDING', 'STUCK'];
/** What an operator may hold: not started (a jobnet: also while its content runs). */
const HOLDABLE = {job: ['WAITING', 'PENDING'], jobnet: ['WAITING', 'RUNNING'], finally: ['WAITING', 'RUNNING'],
  expansion: ['WAITING', 'RUNNING']};
const SKIPPABLE = ['WAITING', 'PENDING', 'ON_HOLD'];
/** What a rerun of an ended run starts from. */
const RERUNNABLE = ['FAILED', 'STOPPED', 'SKIPPED'];
const ENDED = ['SUCCEEDED', 'FAILED', 'STOPPED'];

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

/** Hold, release or skip one node; the server refuses (409, with the state) what cannot be done. */
function nodeAction(row, action, reload) {
  const {node, runId} = row;
  const texts = {
    hold: ['Hold', 'Hold ' + node.kind + ' ' + node.elementId + '? It does not start until released'
      + (node.kind === 'job' ? '' : '; what runs in it goes on, nothing new starts in it') + '.'],
    release: ['Release', 'Release ' + node.kind + ' ' + node.elementId + '? What waits at it starts.'],
    skip: ['Skip', 'Skip ' + node.kind + ' ' + node.elementId + '? It ends SKIPPED without running; the jobs after it'
      + ' are skipped too.']
  };
  const [label, question] = texts[action];
  confirmAction({
    title: label + ' ' + node.kind + ' ' + node.elementId,
    question,
    confirmLabel: label,
    withReason: true,
    reasonRequired: action === 'skip',
    perform: reason => jobnet('POST', '/runs/' + encodeURIComponent(runId) + '/nodes/' + encodeURIComponent(node.elementId)
      + '/' + action, {reason: reason || null})
      .then(answer => node.elementId + ' is ' + answer.state + '.'),
    onDone: reload
  });
}

/**
 * Rerun a run from a job, mark one of its FAILED jobs SUCCEEDED, or rerun an ended run from its failed
 * jobs: an ended run goes on as a new run, which the page then shows; a run that still runs goes on
 * itself, and the page shows its new state.
 */
export function rerun(run, node, action, reload, nodeRunId) {
  // a job inside an expansion is rerun on the run the expansion started: it goes on through the expansion
  const runPath = '/runs/' + encodeURIComponent(nodeRunId || run.id);
  const texts = {
    rerun: ['Rerun from ' + node?.elementId, 'Rerun from job ' + node?.elementId + '? ' + (ENDED.includes(run.state)
      ? 'A new run of ' + run.jobnet : 'The run') + ' runs it again with what depends on it and the finally blocks;'
      + ' the jobs that succeeded do not run again.',
    runPath + '/nodes/' + encodeURIComponent(node?.elementId) + '/rerun'],
    'mark-succeeded': ['Mark ' + node?.elementId + ' succeeded', 'Mark job ' + node?.elementId + ' SUCCEEDED? '
      + (ENDED.includes(run.state) ? 'A new run of ' + run.jobnet + ' carries on' : 'The run goes on')
      + ' with what depends on it and the finally blocks.',
    runPath + '/nodes/' + encodeURIComponent(node?.elementId) + '/mark-succeeded'],
    run: ['Rerun failed jobs', 'Rerun run ' + run.id + ' from its failed and stopped jobs? A new run of ' + run.jobnet
      + ' runs them again with what depends on them; the jobs that succeeded do not run again.', runPath + '/rerun']
  };
  const [label, question, path] = texts[action];
  let newRun = null;
  confirmAction({
    title: label,
    question,
    confirmLabel: label,
    reasonRequired: true,
    perform: reason => jobnet('POST', path, {reason}).then(answer => {
      newRun = answer.rerunOf ? answer.runId : null;
      return answer.rerunOf ? 'Run ' + answer.runId + ' carries on run ' + answer.rerunOf + '.'
        : 'Run ' + answer.runId + ' goes on: ' + answer.from.join(', ') + (action === 'mark-succeeded'
          ? ' is SUCCEEDED, what depends on it runs.' : ' runs again, with what depends on it.');
    }),
    onDone: () => {
      if (newRun) {
        window.location.hash = '#/jobnet-runs/' + encodeURIComponent(newRun);
      } else {
        reload();
      }
    }
  });
}

function actionButton(name, icon, label, element, onclick) {
  return h('button', {class: 'btn btn-default btn-xs jobnet-' + name + '-node', type: 'button', 'data-element': element,
    onclick}, h('span', {class: 'glyphicon glyphicon-' + icon}), ' ' + label);
}

/**
 * The buttons for node row r ({node, runId}: the run it belongs to, which an expansion started for
 * what is inside one) of run (the run tree shown); reload shows the new state after an action.
 */
export function nodeActions(r, run, reload) {
  const n = r.node;
  const actions = [];
  const rerunnable = !run.rerunBy;
  if (rerunnable && (n.kind === 'job' || n.kind === 'expansion') && RERUNNABLE.includes(n.state)) {
    actions.push(actionButton('rerun', 'repeat', 'Rerun', n.elementId, () => rerun(run, n, 'rerun', reload, r.runId)));
  }
  if (rerunnable && n.kind === 'job' && n.state === 'FAILED') {
    actions.push(actionButton('mark-succeeded', 'ok', 'Mark succeeded', n.elementId,
      () => rerun(run, n, 'mark-succeeded', reload, r.runId)));
  }
  if ((n.kind === 'job' || n.kind === 'jobnet' || n.kind === 'expansion') && STOPPABLE.includes(n.state)) {
    actions.push(h('button', {class: 'btn btn-default btn-xs jobnet-stop-job', type: 'button', 'data-element': n.elementId,
      onclick: () => stopNode(r, reload)}, h('span', {class: 'glyphicon glyphicon-stop'}), ' Stop'));
  }
  if ((HOLDABLE[n.kind] || []).includes(n.state)) {
    actions.push(actionButton('hold', 'pause', 'Hold', n.elementId, () => nodeAction(r, 'hold', reload)));
  }
  if (n.state === 'ON_HOLD') {
    actions.push(actionButton('release', 'play', 'Release', n.elementId, () => nodeAction(r, 'release', reload)));
  }
  if (n.kind !== 'finally' && SKIPPABLE.includes(n.state)) {
    actions.push(actionButton('skip', 'forward', 'Skip', n.elementId, () => nodeAction(r, 'skip', reload)));
  }
  if (n.kind === 'job' && n.state !== 'WAITING' && n.state !== 'SKIPPED' && n.state !== 'ON_HOLD') {
    actions.push(h('button', {class: 'btn btn-default btn-xs jobnet-log-button', type: 'button', 'data-element': n.elementId,
      onclick: () => openJobLog(r.runId, n.elementId)}, h('span', {class: 'glyphicon glyphicon-list-alt'}), ' Log'));
  }
  return actions;
}
