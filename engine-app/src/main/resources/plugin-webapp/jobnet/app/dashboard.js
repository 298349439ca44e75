// On Cockpit's dashboard: the runs that need an operator (failed or stopped in the last day and not
// rerun, running with a job failed, STUCK or held), each with why and a link to its Run page, so that
// the first screen tells the night's story without a click.
import {jobnet} from './api.js';
import {h, localTimes, replace, state, time} from './format.js';

const SHOWN = 10;

async function show(container) {
  try {
    const page = await jobnet('GET', '/runs?state=attention&max=' + SHOWN);
    replace(container,
      h('h3', {class: 'jobnet-attention-title'}, 'Jobnets: ',
        page.total === 0 ? 'nothing needs attention' : page.total + (page.total === 1 ? ' run needs' : ' runs need')
          + ' attention'),
      page.total === 0
        ? h('p', {class: 'text-muted jobnet-attention-none'}, 'No run failed or was stopped in the last day without a'
          + ' rerun; no running run has a job failed, STUCK or held.')
        : h('table', {class: 'cam-table jobnet-table jobnet-attention-runs'},
          h('thead', {}, h('tr', {}, ['Run', 'Jobnet', 'Business key', 'State', 'Why', 'Created'].map(c => h('th', {}, c)))),
          h('tbody', {}, page.runs.map(run => h('tr', {class: 'jobnet-attention-run', 'data-run': run.id},
            h('td', {}, h('a', {href: '#/jobnet-runs/' + encodeURIComponent(run.id)}, run.id)),
            h('td', {title: run.name}, run.jobnet),
            h('td', {}, run.businessKey || ''),
            h('td', {}, state(run.state)),
            h('td', {class: 'jobnet-attention'}, localTimes(run.attention) || ''),
            h('td', {}, time(run.createdAt)))))),
      page.total > SHOWN ? h('p', {}, h('a', {href: '#/jobnets?state=attention'}, 'All ' + page.total + ' on the'
        + ' Jobnets page')) : null);
  } catch (e) {
    replace(container, h('div', {class: 'alert alert-warning'}, 'Jobnets that need attention: ' + e.message));
  }
}

export default {
  id: 'jobnet.dashboard.attention',
  pluginPoint: 'cockpit.dashboard',
  priority: 100,
  render: node => {
    const container = h('section', {class: 'jobnet-page jobnet-dashboard'}, 'loading…');
    node.appendChild(container);
    show(container);
  }
};
