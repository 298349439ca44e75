// On a run's page (a process instance): Stop jobnet; then the Run page, which shows the run's new state
// (Cockpit's page of a process instance that ended only says it has been completed).
import {jobnet} from './api.js';
import {confirmAction} from './dialog.js';
import {h} from './format.js';

/** The text of a stop's result. */
export function stoppedText(answer) {
  const jobs = answer.stoppedJobs && answer.stoppedJobs.length ? answer.stoppedJobs.join(', ') : 'none';
  return 'Run ' + answer.runId + ' is ' + answer.state + '. Jobs stopped: ' + jobs + '.';
}

/** After an action on Cockpit's page of a process instance: the run's own page, with its new state. */
export function showRunPage(runId) {
  window.location.hash = '#/jobnet-runs/' + encodeURIComponent(runId);
}

/** Asks to stop a run, stops it, shows the result. */
export function stopRun(runId, onDone) {
  return confirmAction({
    title: 'Stop jobnet',
    question: 'Stop run ' + runId + '? Its running jobs are killed, the jobs not started are skipped, its finally'
      + ' block does not run; the run ends STOPPED.',
    confirmLabel: 'Stop jobnet',
    withReason: true,
    danger: true,
    perform: reason => jobnet('POST', '/runs/' + encodeURIComponent(runId) + '/stop', {reason: reason || null})
      .then(stoppedText),
    onDone
  });
}

export default {
  id: 'jobnet.run.stop',
  pluginPoint: 'cockpit.processInstance.runtime.action',
  priority: 50,
  render: (node, {processInstanceId}) => {
    node.appendChild(h('a', {
      class: 'btn btn-default action-button jobnet-stop-run',
      href: '',
      title: 'Stop jobnet',
      onclick: event => {
        event.preventDefault();
        stopRun(processInstanceId, () => showRunPage(processInstanceId));
      }
    }, h('span', {class: 'glyphicon glyphicon-stop'})));
  }
};
