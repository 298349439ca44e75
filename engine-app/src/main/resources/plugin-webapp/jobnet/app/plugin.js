export default [{
  id: 'jobnet.probe',
  pluginPoint: 'cockpit.dashboard',
  priority: 100,
  render: (node, {api}) => { node.innerHTML = '<p id="jobnet-probe">jobnet plugin loaded ' + JSON.stringify(api) + '</p>'; }
}];
