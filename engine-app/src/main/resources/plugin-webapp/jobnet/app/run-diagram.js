// The Run page's diagram: the BPMN the run runs, drawn with bpmn-js's navigated viewer (bpmn.io; the
// copy served with the plugin's scripts, lib/), each job labelled with its state as on Cockpit's
// diagram of a running instance (diagram-states.js). The Run page shows runs that ended too, which
// Cockpit's Community Edition no longer draws.
import {jobnetText} from './api.js';
import {actionsOf, offerActions, showStates} from './diagram-states.js';
import {h, replace} from './format.js';

const VIEWER_SCRIPT = new URL('../lib/bpmn-navigated-viewer.production.min.js', import.meta.url).href;
let loading = null;

/** bpmn-js's viewer class, its script loaded once (as a global: an AMD loader on the page is set aside meanwhile). */
function viewerClass() {
  if (window.BpmnJS) {
    return Promise.resolve(window.BpmnJS);
  }
  loading = loading || new Promise((resolve, reject) => {
    const amd = window.define;
    window.define = undefined;
    const script = document.createElement('script');
    script.src = VIEWER_SCRIPT;
    script.onload = () => {
      window.define = amd;
      window.BpmnJS ? resolve(window.BpmnJS) : reject(new Error('the diagram viewer did not load'));
    };
    script.onerror = () => {
      window.define = amd;
      loading = null;
      reject(new Error('the diagram viewer could not be loaded from ' + VIEWER_SCRIPT));
    };
    document.head.appendChild(script);
  });
  return loading;
}

/**
 * A diagram in container that follows one run: drawn on the first update, its state labels replaced
 * on each later one (the Run page reads the run again every 5 s while it runs); a click on a job
 * offers the actions on it, reload showing their result.
 */
export function runDiagram(container, reload) {
  let drawnRun = null;
  let viewer = null;
  let drawing = null;
  let actions = () => [];
  return async run => {
    actions = actionsOf(run, () => {
      viewer.get('overlays').remove({type: 'jobnet-actions'});
      reload();
    });
    try {
      if (drawnRun !== run.id) {
        drawnRun = run.id;
        drawing = (async () => {
          const [BpmnJS, xml] = await Promise.all([viewerClass(),
            jobnetText('/runs/' + encodeURIComponent(run.id) + '/diagram').then(a => a && a.text)]);
          if (!xml) {
            throw new Error('the run\'s BPMN is gone');
          }
          const canvas = h('div', {class: 'jobnet-run-diagram-canvas'});
          replace(container, canvas);
          if (viewer) {
            viewer.destroy();
          }
          viewer = new BpmnJS({container: canvas});
          offerActions(viewer, id => actions(id));
          await viewer.importXML(xml);
          viewer.get('canvas').zoom('fit-viewport', 'auto');
          return viewer;
        })();
      }
      showStates(await drawing, run);
    } catch (e) {
      drawnRun = null;
      replace(container, h('div', {class: 'alert alert-warning jobnet-run-diagram-error'}, 'Diagram of this run: ' + e.message));
    }
  };
}
