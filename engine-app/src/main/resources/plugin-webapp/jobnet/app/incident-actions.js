// On a STUCK job's incident (a failedExternalTask incident): Mark succeeded, Mark failed, Retry.
import {engine, jobnet} from './api.js';
import {confirmAction} from './dialog.js';
import {h, replace} from './format.js';
import {showRunPage} from './run-actions.js';

const ACTIONS = [
  {action: 'SUCCEEDED', label: 'Mark succeeded', icon: 'glyphicon-ok',
    effect: 'The job counts as SUCCEEDED: the jobs after it run. Do this when you know the command did its work.'},
  {action: 'FAILED', label: 'Mark failed', icon: 'glyphicon-remove',
    effect: 'The job counts as FAILED: the jobs after it are skipped, the finally block runs, the jobnet fails.'},
  {action: 'RETRY', label: 'Retry', icon: 'glyphicon-repeat',
    effect: 'The job runs once more, on any agent of its server. Do this only if running the command twice is safe.'}
];

function resultText(answer) {
  return 'Job ' + answer.elementId + ' of run ' + answer.runId + ' is now ' + answer.state
    + (answer.resolvedBy ? ' (by ' + answer.resolvedBy + ')' : '') + '.';
}

export default {
  id: 'jobnet.incident.actions',
  pluginPoint: 'cockpit.incident.action',
  priority: 50,
  render: (node, {api, incidentId}) => {
    const container = h('span', {class: 'jobnet-incident-actions'});
    node.appendChild(container);
    engine(api, '/incident/' + encodeURIComponent(incidentId)).then(incident => {
      if (!incident || incident.incidentType !== 'failedExternalTask') {
        return;
      }
      const buttons = ACTIONS.map(a => h('button', {
        class: 'btn btn-default btn-xs jobnet-resolve',
        type: 'button',
        'data-action': a.action,
        title: a.label,
        onclick: () => confirmAction({
          title: a.label + ': ' + incident.activityId,
          question: a.effect + ' Job ' + incident.activityId + ' of run ' + incident.processInstanceId + '.',
          confirmLabel: a.label,
          withReason: true,
          danger: a.action !== 'SUCCEEDED',
          perform: reason => jobnet('POST', '/runs/' + encodeURIComponent(incident.processInstanceId) + '/nodes/'
            + encodeURIComponent(incident.activityId) + '/resolve', {action: a.action, reason: reason || null})
            .then(resultText),
          // the Run page: Cockpit's page of a process instance that ended only says it has been completed
          onDone: () => showRunPage(incident.processInstanceId)
        })
      }, h('span', {class: 'glyphicon ' + a.icon}), ' ' + a.label));
      replace(container, buttons);
    }).catch(e => replace(container, h('span', {class: 'text-danger', title: e.message}, 'jobnet actions unavailable')));
  }
};
