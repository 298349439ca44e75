// Small helpers to build the plugin's DOM safely (text is never parsed as HTML) and to show times and states.

/**
 * Creates an element: h('td', {class: 'x', onclick: fn}, 'text', otherElement). Attributes starting
 * with "on" become listeners; null and false children are skipped; strings become text.
 */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.substring(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(element, child);
    } else if (child instanceof Node) {
      element.appendChild(child);
    } else {
      element.appendChild(document.createTextNode(String(child)));
    }
  }
}

/** Empties an element and fills it again. */
export function replace(element, ...children) {
  element.textContent = '';
  append(element, children);
}

function pad(n) {
  return String(n).padStart(2, '0');
}

/** An ISO time as "2026-11-23 10:00:05" in the browser's time zone, as Cockpit shows times; "" for none. */
export function time(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' '
    + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}

/** A text with the ISO instants the engine writes ("since 2026-12-06T02:00:00Z") in local time. */
export function localTimes(text) {
  return text ? String(text).replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, iso => time(iso)) : text;
}

/** A state (RUNNING, STUCK, SUCCEEDED, ...) as a coloured label. */
export function state(value) {
  if (!value) {
    return h('span', {class: 'jobnet-state'}, '');
  }
  return h('span', {class: 'jobnet-state jobnet-state-' + value, 'data-state': value}, value);
}

/** "1.2 MiB" for a byte count. */
export function bytes(n) {
  if (n === null || n === undefined || isNaN(n)) {
    return '';
  }
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let value = Number(n);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
}
