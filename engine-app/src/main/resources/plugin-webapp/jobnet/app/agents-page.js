// The Agents page (#/agents): every agent the engine knows, its servers, capacity, running jobs, when it
// was last seen and whether it is online. Read again every 5 s while shown.
import {jobnet} from './api.js';
import {h, replace, state, time} from './format.js';

const REFRESH_MS = 5000;
let timer = null;

function jobLinks(running) {
  const links = [];
  running.forEach((t, i) => {
    if (i > 0) {
      links.push(', ');
    }
    links.push(h('a', {class: 'jobnet-agent-job',
      href: '#/jobnet-runs/' + encodeURIComponent(t.processInstanceId)}, t.activityId));
  });
  return links;
}

function agentRow(a) {
  const running = a.running || [];
  return h('tr', {class: 'jobnet-agent', 'data-agent': a.name, 'data-state': a.state},
    h('td', {}, a.name),
    h('td', {}, (a.servers || []).join(', ')),
    h('td', {}, a.capacity === null || a.capacity === undefined ? '' : String(a.capacity)),
    h('td', {}, String(running.length), running.length ? ' — ' : '', jobLinks(running)),
    h('td', {}, time(a.lastSeen)),
    h('td', {}, state(a.state)));
}

async function load(table) {
  clearTimeout(timer);
  try {
    const agents = await jobnet('GET', '/agents');
    replace(table, agents.length === 0
      ? h('p', {class: 'jobnet-empty'}, 'No agent has reported to this engine yet.')
      : h('table', {class: 'cam-table jobnet-table jobnet-agents'},
        h('thead', {}, h('tr', {}, ['Agent', 'Servers', 'Capacity', 'Running jobs', 'Last seen', 'State']
          .map(c => h('th', {}, c)))),
        h('tbody', {}, agents.map(agentRow))));
  } catch (e) {
    replace(table, h('div', {class: 'alert alert-danger jobnet-result-error'}, e.message));
  }
  if (table.isConnected) {
    timer = setTimeout(() => load(table), REFRESH_MS);
  }
}

export const agentsRoute = {
  id: 'jobnet.agents.page',
  pluginPoint: 'cockpit.route',
  properties: {path: '/agents', label: 'Agents'},
  render: node => {
    const table = h('div', {class: 'jobnet-agents-table'}, 'loading…');
    node.appendChild(h('div', {class: 'jobnet-page jobnet-agents-page'},
      h('h1', {class: 'section-title'}, 'Agents'),
      h('p', {class: 'text-muted'}, 'An agent is OFFLINE when it has not been heard of within the detection time;'
        + ' the jobs of a server whose agents are all offline wait for one to return.'),
      table));
    load(table);
  },
  unmount: () => clearTimeout(timer)
};

export const agentsNavigation = {
  id: 'jobnet.agents.navigation',
  pluginPoint: 'cockpit.navigation',
  priority: 19,
  properties: {path: '/agents', label: 'Agents'},
  checkActive: url => url.includes('#/agents'),
  render: node => node.appendChild(h('a', {href: '#/agents', class: 'jobnet-nav-agents'}, 'Agents'))
};
