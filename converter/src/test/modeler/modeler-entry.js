// What the fixture script loads into the page: bpmn-js's Modeler with the properties panel and the
// Camunda 7 element templates support, the modules Camunda Modeler builds its BPMN editor from.
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule
} from 'bpmn-js-properties-panel';
import { ElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';

window.createModeler = (templates) => new BpmnModeler({
  container: '#canvas',
  propertiesPanel: { parent: '#panel' },
  additionalModules: [
    BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
    ElementTemplatesPropertiesProviderModule
  ],
  moddleExtensions: { camunda: camundaModdle },
  elementTemplates: templates
});
