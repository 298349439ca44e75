// A job's log: stdout and stderr of one attempt as the agent shipped them, the current (latest) attempt
// unless the operator picks another; a live tail while the job runs (read again every 2 s), the head and
// the tail the engine kept once it has ended.
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
  const select = h('select', {class: 'form-control input-sm jobnet-log-attempt'});
  const attemptRow = h('p', {class: 'form-inline jobnet-log-attempts'},
    h('label', {}, 'Attempt ', select));
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
    body: [status, attemptRow, STREAMS.map(s => h('div', {class: 'jobnet-log-section'},
      h('h4', {}, s, ' ', sections[s].info), sections[s].pre))],
    footer: [close]
  });
  const jobPath = '/runs/' + encodeURIComponent(runId) + '/jobs/' + encodeURIComponent(elementId) + '/output';
  let timer = null;
  let open = true;
  // the attempt the operator picked; null: follow the current (latest) one
  let picked = null;
  // each load is one generation: a pick starts a new one, and an older load in flight stops at its next step
  let generation = 0;
  close.addEventListener('click', () => {
    open = false;
    clearTimeout(timer);
    dialog.close();
  });
  select.addEventListener('change', () => {
    const value = Number(select.value);
    picked = select.selectedIndex === select.options.length - 1 ? null : value;
    clearTimeout(timer);
    load();
  });

  function fillAttempts(list) {
    const wanted = picked !== null ? picked : list.current;
    const labels = list.attempts.map(a => 'attempt ' + a.attempt + (a.attempt === list.current ? ' (current)' : '')
      + ': ' + bytes(a.stdoutBytes) + ' stdout, ' + bytes(a.stderrBytes) + ' stderr');
    // drawn again only when something changed, so that a list the operator has open stays open
    if (labels.join('\n') !== [...select.options].map(o => o.textContent).join('\n')) {
      replace(select, list.attempts.map((a, i) => h('option', {value: a.attempt}, labels[i])));
    }
    select.value = wanted === null || wanted === undefined ? '' : String(wanted);
    attemptRow.style.display = list.attempts.length ? '' : 'none';
    return wanted;
  }

  async function load() {
    const current = ++generation;
    const stale = () => !open || current !== generation;
    let running = false;
    try {
      const run = await jobnet('GET', '/runs/' + encodeURIComponent(runId));
      if (stale()) {
        return;
      }
      const node = findNode(run.nodes, elementId);
      running = !!node && (node.state === 'RUNNING' || node.state === 'PENDING' || node.state === 'STUCK');
      replace(status, 'Job ', h('code', {}, elementId), ' is ', state(node ? node.state : 'UNKNOWN'),
        running ? ' — live: read again every 2 seconds.' : ' — the beginning and the end of its output as kept.');
      const attempts = await jobnet('GET', jobPath);
      if (stale()) {
        return;
      }
      const attempt = fillAttempts(attempts);
      for (const stream of STREAMS) {
        const section = sections[stream];
        const pre = section.pre;
        const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
        const answer = attempt === null || attempt === undefined ? null
          : await jobnetText(jobPath + '/' + stream + '?attempt=' + attempt);
        if (stale()) {
          return;
        }
        if (answer === null || answer.headers.get('X-Jobnet-Total-Bytes') === '0') {
          pre.textContent = '(nothing received)';
          section.info.textContent = attempt ? '(attempt ' + attempt + ')' : '';
        } else {
          pre.textContent = answer.text;
          const total = answer.headers.get('X-Jobnet-Total-Bytes');
          const truncated = answer.headers.get('X-Jobnet-Truncated') === 'true';
          section.info.textContent = '(attempt ' + attempt + ', ' + bytes(total) + ' received'
            + (truncated ? ', the middle not kept' : '') + ')';
        }
        if (atBottom || running) {
          pre.scrollTop = pre.scrollHeight;
        }
      }
    } catch (e) {
      if (stale()) {
        return;
      }
      replace(status, h('span', {class: 'text-danger jobnet-result-error'}, e.message));
    }
    if (!stale() && running) {
      timer = setTimeout(load, POLL_MS);
    }
  }
  load();
  return dialog;
}
