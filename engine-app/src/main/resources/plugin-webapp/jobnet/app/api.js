// Calls to the jobnet API (/jobnet-api) and to Camunda's engine REST API of the webapps, both with
// the operator's Cockpit log-in: the session cookie, and the session's CSRF token on every request.

const appRoot = document.querySelector('base').getAttribute('app-root'); // e.g. "/camunda"

/**
 * Where /jobnet-api is: beside the webapps, at the root of the engine app (the webapps' path,
 * "/camunda" by default, is one segment).
 */
export const JOBNET_API = appRoot.replace(/\/[^/]*$/, '') + '/jobnet-api';

/**
 * A refused or failed call: the status and what the server said, in an operator's words. Errors of
 * /jobnet-api are problems (application/problem+json, docs/rest-api.md): the text is their "detail",
 * the stable code their "reason".
 */
export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.status = status;
    this.body = body || {};
    this.reason = this.body.reason;
  }
}

function messageOf(status, body) {
  if (body && (body.detail || body.message)) {
    return body.detail || body.message;
  }
  if (status === 401) {
    return 'Your Cockpit session has expired: log in again.';
  }
  if (status === 403) {
    return 'You may not do this: only operators (jobnet-admins) and Camunda administrators may.';
  }
  if (status === 404) {
    return 'Not found: the engine does not offer this yet, or the run is gone.';
  }
  return 'The engine answered HTTP ' + status + '.';
}

function csrfToken() {
  const cookie = document.cookie.split(';').map(c => c.trim()).find(c => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

function headers(json) {
  const h = {
    'Accept': 'application/json, text/plain',
    'X-Requested-With': 'XMLHttpRequest',
    'X-XSRF-TOKEN': csrfToken()
  };
  if (json) {
    h['Content-Type'] = 'application/json';
  }
  return h;
}

async function answer(response) {
  const type = response.headers.get('Content-Type') || '';
  let body = null;
  if (type.includes('json')) {
    body = await response.json().catch(() => null);
  } else {
    const text = await response.text();
    body = response.ok ? text : {message: text && text.length < 500 ? text : null};
  }
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** A JSON call to /jobnet-api; resolves to the answer, rejects with an ApiError. */
export async function jobnet(method, path, body) {
  const response = await fetch(JOBNET_API + path, {
    method,
    credentials: 'same-origin',
    headers: headers(body !== undefined),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  return answer(response);
}

/** A text answer of /jobnet-api (a job's log) with its headers; null when there is none (404). */
export async function jobnetText(path) {
  const response = await fetch(JOBNET_API + path, {credentials: 'same-origin', headers: headers(false)});
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    await answer(response);
  }
  return {text: await response.text(), headers: response.headers};
}

/** A GET on Camunda's engine REST API of the webapps ({@code api.engineApi} of the plugin's context). */
export async function engine(api, path) {
  const response = await fetch(api.engineApi + path, {credentials: 'same-origin', headers: headers(false)});
  return answer(response);
}
