// The jobnet plugin of Cockpit (Camunda 7.14+ plugin API: ES modules, one object per plugin point).
// Plain JavaScript, no build step; every module is listed in JobnetCockpitPluginRootResource.
import './bpmn-ids.js'; // first: Cockpit's diagram reads ids in any script
import incidentActions from './incident-actions.js';
import stopRun from './run-actions.js';
import jobsTab, {runRoute} from './jobs-tab.js';
import {jobnetsNavigation, jobnetsRoute} from './jobnets-page.js';
import {agentsNavigation, agentsRoute} from './agents-page.js';
import {eventsNavigation, eventsRoute} from './events-page.js';
import {schedulesNavigation, schedulesRoute} from './schedules-page.js';
import dashboard from './dashboard.js';
import diagramStates from './diagram-states.js';

export default [
  incidentActions,
  stopRun,
  jobsTab,
  runRoute,
  jobnetsRoute,
  jobnetsNavigation,
  agentsRoute,
  agentsNavigation,
  eventsRoute,
  eventsNavigation,
  schedulesRoute,
  schedulesNavigation,
  dashboard,
  diagramStates
];
