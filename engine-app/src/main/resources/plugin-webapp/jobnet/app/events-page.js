// The Events page (#/jobnet-events): the event log (docs/events.md), newest first, filtered by run, job,
// kind and time, a page at a time. #/jobnet-events?rootRunId=<id> opens it on the events of one run.
import {jobnet} from './api.js';
import {h, replace, time} from './format.js';

const PAGE = 50;

/** The kinds of dev.jobnet.engine.events.EventKind, in its order. */
export const KINDS = ['JOB_STARTED', 'JOB_SUCCEEDED', 'JOB_FAILED', 'JOB_RETRIED', 'JOB_SKIPPED', 'JOB_STUCK',
  'JOB_STUCK_WITHDRAWN', 'JOB_RESOLVED', 'JOB_HELD', 'JOB_RELEASED', 'JOB_STOPPED', 'JOBNET_STARTED', 'JOBNET_ENDED', 'JOBNET_RERUN',
  'AGENT_ONLINE',
  'AGENT_OFFLINE', 'AGENT_AWAY', 'MAIL_SENT', 'MAIL_FAILING', 'RUN_REMOVED', 'SCHEDULED_RUN_STARTED',
  'SCHEDULE_TICK_SKIPPED', 'SCHEDULE_TICK_QUEUED'];

/** The filter the page opens with: the query of its hash (#/jobnet-events?rootRunId=...&job=...&kind=...). */
function initialFilter() {
  const hash = window.location.hash;
  const query = new URLSearchParams(hash.includes('?') ? hash.substring(hash.indexOf('?') + 1) : '');
  const kind = query.get('kind') || '';
  return {
    rootRunId: query.get('rootRunId') || '',
    job: query.get('job') || '',
    kind: KINDS.includes(kind) ? kind : '',
    from: '',
    to: '',
    page: 0
  };
}

/** A datetime-local field's value ("2026-11-23T10:00", the browser's time zone) as ISO-8601 UTC; "" for none. */
function instant(local) {
  if (!local) {
    return '';
  }
  const d = new Date(local);
  return isNaN(d.getTime()) ? '' : d.toISOString();
}

function details(event) {
  const entries = Object.entries(event.details || {});
  return entries.map(([k, v]) => k + ': ' + (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
}

function eventRow(e) {
  const run = e.rootRunId
    ? h('a', {class: 'jobnet-event-run', href: '#/jobnet-runs/' + encodeURIComponent(e.rootRunId),
      title: e.runId && e.runId !== e.rootRunId ? 'in the expanded jobnet\'s run ' + e.runId : 'the Run page'},
    e.rootRunId)
    : '';
  return h('tr', {class: 'jobnet-event', 'data-event': e.id, 'data-kind': e.kind},
    h('td', {title: e.time}, time(e.time)),
    h('td', {}, h('span', {class: 'jobnet-kind jobnet-kind-' + e.kind}, e.kind)),
    h('td', {}, run),
    h('td', {}, e.elementId || ''),
    h('td', {}, e.actor || ''),
    h('td', {class: 'jobnet-reason jobnet-event-message', title: details(e) || null}, e.message || ''));
}

function page(root) {
  const filter = initialFilter();
  const runInput = h('input', {class: 'form-control input-sm jobnet-events-run', placeholder: 'root run id',
    size: 38, value: filter.rootRunId});
  const jobInput = h('input', {class: 'form-control input-sm jobnet-events-job', placeholder: 'job (element id)',
    value: filter.job});
  const kindSelect = h('select', {class: 'form-control input-sm jobnet-events-kind'},
    h('option', {value: ''}, 'All kinds'),
    KINDS.map(k => h('option', {value: k, selected: k === filter.kind}, k)));
  const fromInput = h('input', {type: 'datetime-local', step: 1, class: 'form-control input-sm jobnet-events-from',
    title: 'from (included), in your time zone'});
  const toInput = h('input', {type: 'datetime-local', step: 1, class: 'form-control input-sm jobnet-events-to',
    title: 'to (not included), in your time zone'});
  const table = h('div', {class: 'jobnet-events'}, 'loading…');
  const pager = h('div', {class: 'jobnet-pager'});

  async function load() {
    const query = new URLSearchParams({page: String(filter.page), size: String(PAGE), order: 'desc'});
    for (const name of ['rootRunId', 'job', 'kind', 'from', 'to']) {
      if (filter[name]) {
        query.set(name, filter[name]);
      }
    }
    try {
      render(await jobnet('GET', '/events?' + query));
    } catch (e) {
      replace(table, h('div', {class: 'alert alert-danger jobnet-result-error'}, e.message));
      replace(pager);
    }
  }

  function render(result) {
    replace(table, result.events.length === 0
      ? h('p', {class: 'jobnet-empty'}, 'No events match.')
      : h('table', {class: 'cam-table jobnet-table jobnet-events-table'},
        h('thead', {}, h('tr', {}, ['Time', 'Kind', 'Run', 'Job', 'Actor', 'Message'].map(c => h('th', {}, c)))),
        h('tbody', {}, result.events.map(eventRow))));
    const first = result.page * result.size;
    const last = Math.min(first + result.events.length, result.total);
    replace(pager,
      h('button', {class: 'btn btn-default btn-sm jobnet-events-newer', type: 'button', disabled: result.page === 0,
        onclick: () => { filter.page = Math.max(0, filter.page - 1); load(); }}, '‹ Newer'),
      h('span', {class: 'jobnet-page-info'}, ' ' + (result.events.length ? (first + 1) + '–' + last : '0') + ' of '
        + result.total + ' '),
      h('button', {class: 'btn btn-default btn-sm jobnet-events-older', type: 'button', disabled: last >= result.total,
        onclick: () => { filter.page++; load(); }}, 'Older ›'));
  }

  const search = event => {
    event.preventDefault();
    filter.rootRunId = runInput.value.trim();
    filter.job = jobInput.value.trim();
    filter.kind = kindSelect.value;
    filter.from = instant(fromInput.value);
    filter.to = instant(toInput.value);
    filter.page = 0;
    load();
  };

  replace(root,
    h('div', {class: 'jobnet-page jobnet-events-page'},
      h('h1', {class: 'section-title'}, 'Events'),
      h('p', {class: 'text-muted'}, 'What happened to runs, jobs, agents and mails, newest first. Point at a message'
        + ' for its details.'),
      h('form', {class: 'form-inline jobnet-filter', onsubmit: search},
        runInput, ' ', jobInput, ' ', kindSelect, ' from ', fromInput, ' to ', toInput, ' ',
        h('button', {class: 'btn btn-default btn-sm jobnet-events-search', type: 'submit'}, 'Search'), ' ',
        h('button', {class: 'btn btn-link btn-sm jobnet-refresh', type: 'button', onclick: load}, 'Refresh')),
      table,
      pager));
  load();
}

export const eventsRoute = {
  id: 'jobnet.events.page',
  pluginPoint: 'cockpit.route',
  properties: {path: '/jobnet-events', label: 'Events'},
  render: node => page(node)
};

export const eventsNavigation = {
  id: 'jobnet.events.navigation',
  pluginPoint: 'cockpit.navigation',
  priority: 18,
  properties: {path: '/jobnet-events', label: 'Events'},
  checkActive: url => url.includes('#/jobnet-events'),
  render: node => node.appendChild(h('a', {href: '#/jobnet-events', class: 'jobnet-nav-events'}, 'Events'))
};
