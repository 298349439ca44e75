// Lets Cockpit's diagram show jobnets whose ids are written in any script (夜間バッチ, 取込).
//
// Cockpit 7.24 reads BPMN with bpmn-js, whose XML reader (moddle-xml) refuses every id that is not
// ASCII with /^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i ("illegal ID <取込>"), so the diagram of such a
// jobnet would not render ("no diagram to display"), though the engine runs it. BPMN ids are XML
// names, which may hold letters of every script. This module widens exactly that check: a regular
// expression with that source and flag also accepts XML names in any script; every other regular
// expression is left as it is. Loaded with the plugin, before Cockpit reads a diagram; the browser
// test of the Cockpit plugin shows such a diagram (CockpitPluginBrowserTest).
const MODDLE_ID = '^([a-z][\\w-.]*:)?[a-z_][\\w-.]*$';
const ANY_SCRIPT_ID = /^[\p{L}_][\p{L}\p{M}\p{N}\p{Pc}\p{Lm}\u00B7\-.]*$/u;

export function widenBpmnIds() {
  const test = RegExp.prototype.test;
  if (test.jobnetAnyScriptIds) {
    return; // once per page
  }
  const widened = function (text) {
    if (test.call(this, text)) {
      return true;
    }
    return this.source === MODDLE_ID && this.flags === 'i' && typeof text === 'string'
      && test.call(ANY_SCRIPT_ID, text);
  };
  widened.jobnetAnyScriptIds = true;
  RegExp.prototype.test = widened;
}

widenBpmnIds();
