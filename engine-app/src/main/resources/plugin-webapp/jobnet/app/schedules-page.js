// The Schedules page (#/jobnet-schedules): every scheduled jobnet deployed, its schedule and rules,
// its next runs (the next 7 days, each schedule in its own zone) and what became of its latest tick
// (started, late, queued, skipped and why). docs/schedules.md.
import {jobnet} from './api.js';
import {h, replace, state} from './format.js';

const SHOWN_RUNS = 5;

function rules(s) {
  const parts = [s.cron, s.timezone];
  if (s.startedBy === 'scheduler') {
    if (s.calendar) {
      parts.push('calendar ' + s.calendar + ', closed days: ' + s.onClosedDay);
    }
    parts.push('missed: ' + s.missed, 'overlap: ' + s.overlap);
  } else {
    parts.push('Camunda timer (short form)');
  }
  return parts.join(' · ');
}

function nextRuns(s) {
  const runs = s.runs || [];
  if (runs.length === 0) {
    return h('span', {class: 'text-muted'}, 'none in the next 7 days');
  }
  return h('ul', {class: 'list-unstyled jobnet-next-runs'}, runs.slice(0, SHOWN_RUNS).map(r =>
    h('li', {class: 'jobnet-next-run', title: (r.notes || []).join('; ')}, r.at, r.notes && r.notes.length ? ' *' : '')),
  runs.length > SHOWN_RUNS ? h('li', {class: 'text-muted'}, '… ' + (runs.length - SHOWN_RUNS) + ' more') : null);
}

function lastTick(s) {
  const t = (s.lastTicks || [])[0];
  if (!t) {
    return h('span', {class: 'text-muted'}, s.startedBy === 'scheduler' ? 'no tick yet' : 'see the Jobnets page');
  }
  return h('span', {class: 'jobnet-last-tick', 'data-state': t.state}, t.tick, ' ', state(t.state),
    t.runId ? [' ', h('a', {href: '#/jobnet-runs/' + encodeURIComponent(t.runId)}, 'run')] : null,
    t.reason ? h('div', {class: 'jobnet-reason'}, t.reason) : null);
}

async function load(table) {
  try {
    const schedules = await jobnet('GET', '/schedules');
    replace(table, schedules.length === 0
      ? h('p', {class: 'jobnet-empty'}, 'No jobnet deployed here has a schedule.')
      : h('table', {class: 'cam-table jobnet-table jobnet-schedules'},
        h('thead', {}, h('tr', {}, ['Jobnet', 'Schedule', 'Next runs', 'Last tick'].map(c => h('th', {}, c)))),
        h('tbody', {}, schedules.map(s => h('tr', {class: 'jobnet-schedule', 'data-jobnet': s.jobnet},
          h('td', {}, s.jobnet, s.tenantId ? h('span', {class: 'text-muted'}, ' (' + s.tenantId + ')') : null),
          h('td', {}, rules(s)),
          h('td', {}, nextRuns(s)),
          h('td', {}, lastTick(s)))))));
  } catch (e) {
    replace(table, h('div', {class: 'alert alert-danger jobnet-result-error'}, e.message));
  }
}

export const schedulesRoute = {
  id: 'jobnet.schedules.page',
  pluginPoint: 'cockpit.route',
  properties: {path: '/jobnet-schedules', label: 'Schedules'},
  render: node => {
    const table = h('div', {class: 'jobnet-schedules-table'}, 'loading…');
    node.appendChild(h('div', {class: 'jobnet-page jobnet-schedules-page'},
      h('h1', {class: 'section-title'}, 'Schedules'),
      h('p', {class: 'text-muted'}, 'Times are in each schedule\'s own zone; a run marked * was moved by its'
        + ' calendar, merged, or shifted by daylight saving (point at it for why).'),
      table));
    load(table);
  }
};

export const schedulesNavigation = {
  id: 'jobnet.schedules.navigation',
  pluginPoint: 'cockpit.navigation',
  priority: 18,
  properties: {path: '/jobnet-schedules', label: 'Schedules'},
  checkActive: url => url.includes('#/jobnet-schedules'),
  render: node => node.appendChild(h('a', {href: '#/jobnet-schedules', class: 'jobnet-nav-schedules'}, 'Schedules'))
};
