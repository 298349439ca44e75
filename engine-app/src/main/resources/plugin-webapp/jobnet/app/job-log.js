// A job's log: stdout and stderr as the agent shipped them; a live tail while the job runs (read again
// every 2 s), the head and the tail the engine kept once it has ended.
import {jobnet, jobnetText} from './api.js';
import {modal} from './dialog.js';
import {bytes, h, replace, state} from './format.js';

const POLL_MS = 2000;
const STREAMS = ['stdout', 'stderr'];

function findNode(nodes, elementId) {
  for (const n of nodes || []) {
    if (n.elementId === elementId) {
      return n;
    }
    const inner = findNode(n.children, elementId);
    if (inner) {
      return inner;
    }
  }
  return null;
}

/** Opens the log of job elementId of run runId. */
export function openJobLog(runId, elementId) {
  const status = h('p', {class: 'jobnet-log-status'});
  const sections = {};
  for (const stream of STREAMS) {
    sections[stream] = {
      info: h('span', {class: 'jobnet-log-info'}),
      pre: h('pre', {class: 'jobnet-log jobnet-log-' + stream}, 'loading…')
    };
  }
  const close = h('button', {class: 'btn btn-primary jobnet-dialog-close', type: 'button'}, 'Close');
  const dialog = modal({
    title: 'Log of job ' + elementId,
    wide: true,
    body: [status, STREAMS.map(s => h('div', {class: 'jobnet-log-section'},
      h('h4', {}, s, ' ', sections[s].info), sections[s].pre))],
    footer: [close]
  });
  let timer = null;
  let open = true;
  close.addEventListener('click', () => {
    open = false;
    clearTimeout(timer);
    dialog.close();
  });

  async function load() {
    let running = false;
    try {
      const run = await jobnet('GET', '/runs/' + encodeURIComponent(runId));
      const node = findNode(run.nodes, elementId);
      running = !!node && (node.state === 'RUNNING' || node.state === 'PENDING' || node.state === 'STUCK');
      replace(status, 'Job ', h('code', {}, elementId), ' is ', state(node ? node.state : 'UNKNOWN'),
        running ? ' — live: read again every 2 seconds.' : ' — the beginning and the end of its output as kept.');
      for (const stream of STREAMS) {
        const answer = await jobnetText('/runs/' + encodeURIComponent(runId) + '/jobs/' + encodeURIComponent(elementId)
          + '/output/' + stream);
        const section = sections[stream];
        const pre = section.pre;
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        if (answer === null) {
          pre.textContent = '(nothing received)';
          section.info.textContent = '';
        } else {
          pre.textContent = answer.text;
          const total = answer.headers.get('X-Jobnet-Total-Bytes');
          const truncated = answer.headers.get('X-Jobnet-Truncated') === 'true';
          const attempt = answer.headers.get('X-Jobnet-Attempt');
          section.info.textContent = '(attempt ' + attempt + ', ' + bytes(total) + ' received'
            + (truncated ? ', the middle not kept' : '') + ')';
        }
        if (atBottom || running) {
          pre.scrollTop = pre.scrollHeight;
        }
      }
    } catch (e) {
      replace(status, h('span', {class: 'text-danger jobnet-result-error'}, e.message));
    }
    if (open && running) {
      timer = setTimeout(load, POLL_MS);
    }
  }
  load();
  return dialog;
}
