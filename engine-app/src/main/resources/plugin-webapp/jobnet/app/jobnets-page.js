// The Jobnets page (#/jobnets): the root runs, filtered and paged, with their start parameters. It opens
// on the runs that need an operator (failed or stopped in the last day and not rerun, or running with a
// job failed, STUCK or held), each with why; the filter lives in the URL (#/jobnets?state=...), so Back
// and a shared link keep it. Stop the selected runs or all running ones; rerun or remove selected ones.
import {jobnet} from './api.js';
import {confirmAction} from './dialog.js';
import {stoppedText} from './run-actions.js';
import {h, localTimes, replace, state, time} from './format.js';

const PAGE = 50;

/** Runs an action on each run in turn; the summary of what happened to each. */
async function each(ids, action, done) {
  const lines = [];
  let ok = 0;
  for (const id of ids) {
    try {
      lines.push(await action(id));
      ok++;
    } catch (e) {
      lines.push(id + ': ' + e.message);
    }
  }
  return done(ok, ids.length) + (lines.length ? '\n' + lines.join('\n') : '');
}

async function allRunningIds() {
  const ids = [];
  for (let first = 0; ; first += 500) {
    const page = await jobnet('GET', '/runs?state=running&max=500&first=' + first);
    page.runs.forEach(r => ids.push(r.id));
    if (page.runs.length < 500) {
      return ids;
    }
  }
}

/** The filter in the page's URL (#/jobnets?state=running&jobnet=...), the defaults where it says none. */
function filterOfUrl() {
  const hash = window.location.hash;
  const query = new URLSearchParams(hash.includes('?') ? hash.substring(hash.indexOf('?') + 1) : '');
  const stateOf = query.has('state') ? query.get('state') : 'attention';
  return {state: ['attention', 'running', 'finished', ''].includes(stateOf) ? stateOf : 'attention',
    jobnet: query.get('jobnet') || '', businessKey: query.get('businessKey') || '',
    first: Math.max(0, parseInt(query.get('first') || '0', 10) || 0)};
}

/** Puts the filter in the URL, without reloading the page. */
function filterToUrl(filter) {
  const query = new URLSearchParams({state: filter.state});
  if (filter.jobnet) {
    query.set('jobnet', filter.jobnet);
  }
  if (filter.businessKey) {
    query.set('businessKey', filter.businessKey);
  }
  if (filter.first) {
    query.set('first', String(filter.first));
  }
  window.history.replaceState(window.history.state, '', '#/jobnets?' + query);
}

function page(root) {
  const filter = filterOfUrl();
  const selected = new Set();
  const stateSelect = h('select', {class: 'form-control input-sm jobnet-filter-state'},
    h('option', {value: 'attention'}, 'Needs attention'), h('option', {value: 'running'}, 'Running'),
    h('option', {value: 'finished'}, 'Finished'), h('option', {value: ''}, 'All'));
  stateSelect.value = filter.state;
  const jobnetInput = h('input', {class: 'form-control input-sm jobnet-filter-jobnet', placeholder: 'jobnet (key)',
    value: filter.jobnet});
  const keyInput = h('input', {class: 'form-control input-sm jobnet-filter-key', placeholder: 'business key (exact)',
    value: filter.businessKey});
  const table = h('div', {class: 'jobnet-runs'}, 'loading…');
  const pager = h('div', {class: 'jobnet-pager'});

  async function load() {
    selected.clear();
    filterToUrl(filter);
    const query = new URLSearchParams({first: String(filter.first), max: String(PAGE)});
    if (filter.state) {
      query.set('state', filter.state);
    }
    if (filter.jobnet) {
      query.set('jobnet', filter.jobnet);
    }
    if (filter.businessKey) {
      query.set('businessKey', filter.businessKey);
    }
    try {
      const result = await jobnet('GET', '/runs?' + query);
      render(result);
    } catch (e) {
      replace(table, h('div', {class: 'alert alert-danger jobnet-result-error'}, e.message));
      replace(pager);
    }
  }

  function render(result) {
    const rows = [];
    for (const run of result.runs) {
      const details = h('tr', {class: 'jobnet-run-details', style: 'display: none'},
        h('td', {colspan: '12'}, parameters(run)));
      const check = h('input', {type: 'checkbox', class: 'jobnet-select', 'data-run': run.id,
        onchange: e => (e.target.checked ? selected.add(run.id) : selected.delete(run.id))});
      const link = h('a', {class: 'jobnet-run-id', href: '#/jobnet-runs/' + encodeURIComponent(run.id),
        title: 'the jobs of this run, their logs and the operators\' actions'}, run.id);
      rows.push(h('tr', {class: 'jobnet-run', 'data-run': run.id, 'data-state': run.state},
        h('td', {}, check),
        h('td', {}, link),
        h('td', {title: run.name}, run.jobnet),
        h('td', {}, run.businessKey || ''),
        h('td', {}, state(run.state)),
        h('td', {class: 'jobnet-attention'}, localTimes(run.attention) || '',
          run.rerunBy ? h('a', {class: 'jobnet-rerun-by', href: '#/jobnet-runs/' + encodeURIComponent(run.rerunBy)},
            'rerun as ' + run.rerunBy) : null),
        h('td', {}, time(run.createdAt)),
        h('td', {}, time(run.startedAt)),
        h('td', {}, time(run.endedAt)),
        h('td', {class: 'jobnet-count-running'}, String(run.runningJobs)),
        h('td', {class: 'jobnet-count-stuck' + (run.stuckJobs ? ' text-danger' : '')}, String(run.stuckJobs)),
        h('td', {}, h('button', {class: 'btn btn-link btn-xs jobnet-details', type: 'button',
          onclick: () => { details.style.display = details.style.display === 'none' ? '' : 'none'; }}, 'Parameters'))));
      rows.push(details);
    }
    replace(table, result.runs.length === 0
      ? h('p', {class: 'jobnet-empty'}, filter.state === 'attention'
        ? 'Nothing needs attention: no run failed or was stopped in the last day without a rerun, and no running run'
          + ' has a job failed, STUCK or held. The other runs: Running, Finished or All.'
        : 'No runs match.')
      : h('table', {class: 'cam-table jobnet-table'},
        h('thead', {}, h('tr', {}, ['', 'Run', 'Jobnet', 'Business key', 'Outcome', 'Why', 'Created', 'Started',
          'Ended', 'Running', 'Stuck', ''].map(c => h('th', {}, c)))),
        h('tbody', {}, rows)));
    const last = Math.min(result.first + result.runs.length, result.total);
    replace(pager,
      h('button', {class: 'btn btn-default btn-sm', type: 'button', disabled: result.first === 0,
        onclick: () => { filter.first = Math.max(0, filter.first - PAGE); load(); }}, '‹ Newer'),
      h('span', {class: 'jobnet-page-info'}, ' ' + (result.total ? (result.first + 1) + '–' + last : '0') + ' of '
        + result.total + ' '),
      h('button', {class: 'btn btn-default btn-sm', type: 'button', disabled: last >= result.total,
        onclick: () => { filter.first += PAGE; load(); }}, 'Older ›'));
  }

  function parameters(run) {
    const entries = Object.entries(run.parameters || {});
    return entries.length === 0
      ? h('span', {class: 'text-muted'}, 'No start parameters.')
      : h('dl', {class: 'dl-horizontal jobnet-parameters'},
        entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'string' ? v : JSON.stringify(v))]));
  }

  function requireSelection() {
    if (selected.size === 0) {
      confirmAction({title: 'No run selected', question: 'Select the runs first, with the boxes on the left.',
        confirmLabel: 'OK', perform: async () => 'Nothing was done.'});
      return false;
    }
    return true;
  }

  const stopSelected = () => requireSelection() && confirmAction({
    title: 'Stop the selected runs',
    question: 'Stop ' + selected.size + ' run(s)? Their running jobs are killed, the rest skipped; they end STOPPED.',
    confirmLabel: 'Stop ' + selected.size + ' run(s)',
    withReason: true,
    danger: true,
    perform: reason => each([...selected], id => jobnet('POST', '/runs/' + encodeURIComponent(id) + '/stop',
      {reason: reason || null}).then(stoppedText), (ok, n) => ok + ' of ' + n + ' run(s) stopped.'),
    onDone: load
  });

  const stopAll = async () => {
    let count;
    try {
      count = (await jobnet('GET', '/runs?state=running&max=1')).total;
    } catch (e) {
      count = '?';
    }
    confirmAction({
      title: 'Stop all running runs',
      question: 'Stop every running run (' + count + ' now)? Their running jobs are killed, the rest skipped; they'
        + ' end STOPPED. Runs started meanwhile are not stopped.',
      confirmLabel: 'Stop all running runs',
      withReason: true,
      danger: true,
      perform: async reason => each(await allRunningIds(), id => jobnet('POST', '/runs/' + encodeURIComponent(id)
        + '/stop', {reason: reason || null}).then(stoppedText), (ok, n) => ok + ' of ' + n + ' running run(s) stopped.'),
      onDone: load
    });
  };

  const rerunSelected = () => requireSelection() && confirmAction({
    title: 'Rerun the selected runs',
    question: 'Rerun ' + selected.size + ' ended run(s) from their failed and stopped jobs? Each goes on as a new run;'
      + ' the jobs that succeeded do not run again. Runs still running are refused.',
    confirmLabel: 'Rerun ' + selected.size + ' run(s)',
    reasonRequired: true,
    perform: reason => each([...selected], id => jobnet('POST', '/runs/' + encodeURIComponent(id) + '/rerun', {reason})
      .then(answer => 'Run ' + id + ' goes on as run ' + answer.runId + '.'), (ok, n) => ok + ' of ' + n
      + ' run(s) rerun.'),
    onDone: load
  });

  const removeSelected = () => requireSelection() && confirmAction({
    title: 'Remove the selected runs',
    question: 'Remove ' + selected.size + ' finished run(s) with their history, job states and job logs? This cannot'
      + ' be undone. Running runs are refused: stop them first.',
    confirmLabel: 'Remove ' + selected.size + ' run(s)',
    danger: true,
    withReason: true,
    perform: reason => each([...selected], id => jobnet('DELETE', '/runs/' + encodeURIComponent(id)
      + (reason ? '?reason=' + encodeURIComponent(reason) : ''))
      .then(answer => answer.message + '.'), (ok, n) => ok + ' of ' + n + ' run(s) removed.'),
    onDone: load
  });

  const search = event => {
    event.preventDefault();
    filter.state = stateSelect.value;
    filter.jobnet = jobnetInput.value.trim();
    filter.businessKey = keyInput.value.trim();
    filter.first = 0;
    load();
  };

  replace(root,
    h('div', {class: 'jobnet-page jobnet-jobnets-page'},
      h('h1', {class: 'section-title'}, 'Jobnets'),
      h('form', {class: 'form-inline jobnet-filter', onsubmit: search},
        stateSelect, ' ', jobnetInput, ' ', keyInput, ' ',
        h('button', {class: 'btn btn-default btn-sm jobnet-search', type: 'submit'}, 'Search')),
      h('div', {class: 'jobnet-bulk-actions'},
        h('button', {class: 'btn btn-default btn-sm jobnet-stop-selected', type: 'button', onclick: stopSelected},
          h('span', {class: 'glyphicon glyphicon-stop'}), ' Stop selected'), ' ',
        h('button', {class: 'btn btn-default btn-sm jobnet-stop-all', type: 'button', onclick: stopAll},
          h('span', {class: 'glyphicon glyphicon-stop'}), ' Stop all running'), ' ',
        h('button', {class: 'btn btn-default btn-sm jobnet-rerun-selected', type: 'button', onclick: rerunSelected},
          h('span', {class: 'glyphicon glyphicon-repeat'}), ' Rerun selected'), ' ',
        h('button', {class: 'btn btn-default btn-sm jobnet-remove-selected', type: 'button', onclick: removeSelected},
          h('span', {class: 'glyphicon glyphicon-trash'}), ' Remove selected'), ' ',
        h('button', {class: 'btn btn-link btn-sm jobnet-refresh', type: 'button', onclick: load}, 'Refresh')),
      table,
      pager));
  load();
}

export const jobnetsRoute = {
  id: 'jobnet.jobnets.page',
  pluginPoint: 'cockpit.route',
  properties: {path: '/jobnets', label: 'Jobnets'},
  render: node => page(node)
};

export const jobnetsNavigation = {
  id: 'jobnet.jobnets.navigation',
  pluginPoint: 'cockpit.navigation',
  priority: 20,
  properties: {path: '/jobnets', label: 'Jobnets'},
  checkActive: url => url.includes('#/jobnets'),
  render: node => node.appendChild(h('a', {href: '#/jobnets', class: 'jobnet-nav-jobnets'}, 'Jobnets'))
};
