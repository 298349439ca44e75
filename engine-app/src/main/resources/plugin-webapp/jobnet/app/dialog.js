// The one dialog every action goes through: it asks for confirmation (and a reason where the action
// takes one), performs the action, and shows its result or why it was refused.
import {h, replace} from './format.js';

/** Opens a Bootstrap modal with a body and footer; returns it with a close() function. */
export function modal({title, body, footer, wide}) {
  const backdrop = h('div', {class: 'modal-backdrop fade in jobnet-backdrop'});
  const footerNode = h('div', {class: 'modal-footer'}, footer);
  const bodyNode = h('div', {class: 'modal-body'}, body);
  const dialog = h('div', {class: 'modal fade in jobnet-dialog', role: 'dialog', tabindex: '-1', style: 'display: block'},
    h('div', {class: 'modal-dialog' + (wide ? ' modal-lg' : '')},
      h('div', {class: 'modal-content'},
        h('div', {class: 'modal-header'}, h('h3', {class: 'modal-title'}, title)),
        bodyNode,
        footerNode)));
  document.body.appendChild(backdrop);
  document.body.appendChild(dialog);
  document.body.classList.add('modal-open');
  return {
    body: bodyNode,
    footer: footerNode,
    close() {
      dialog.remove();
      backdrop.remove();
      if (!document.querySelector('.jobnet-dialog')) {
        document.body.classList.remove('modal-open');
      }
    }
  };
}

/**
 * Asks "question", with a reason field if withReason (which must be filled in if reasonRequired:
 * the action changes an outcome); on confirmation calls perform(reason), which resolves to the text
 * of the result or rejects with an error whose message is shown. onDone runs when the operator closes
 * the dialog after the action ran (to show the new state).
 */
export function confirmAction({title, question, confirmLabel, withReason, reasonRequired, danger, perform, onDone}) {
  const reason = withReason || reasonRequired
    ? h('textarea', {class: 'form-control jobnet-dialog-reason', rows: '3',
      placeholder: reasonRequired ? 'Reason (required: kept with the action, shown to other operators)'
        : 'Reason (kept with the action, shown to other operators)'})
    : null;
  const result = h('div', {class: 'jobnet-dialog-result'});
  const cancel = h('button', {class: 'btn btn-default jobnet-dialog-cancel', type: 'button'}, 'Cancel');
  const confirm = h('button', {class: 'btn ' + (danger ? 'btn-danger' : 'btn-primary') + ' jobnet-dialog-confirm',
    type: 'button'}, confirmLabel || 'Confirm');
  const dialog = modal({
    title,
    body: [h('p', {class: 'jobnet-dialog-question'}, question), reason, result],
    footer: [cancel, confirm]
  });
  cancel.addEventListener('click', () => dialog.close());
  if (reasonRequired) {
    confirm.disabled = true;
    reason.addEventListener('input', () => {
      confirm.disabled = reason.value.trim() === '';
    });
  }
  confirm.addEventListener('click', async () => {
    confirm.disabled = true;
    cancel.disabled = true;
    if (reason) {
      reason.disabled = true;
    }
    replace(result, h('div', {class: 'alert alert-info'}, 'Working…'));
    let ok = false;
    try {
      const text = await perform(reason ? reason.value.trim() : undefined);
      replace(result, h('div', {class: 'alert alert-success jobnet-result-ok'}, text));
      ok = true;
    } catch (e) {
      replace(result, h('div', {class: 'alert alert-danger jobnet-result-error'}, e.message || String(e)));
    }
    const close = h('button', {class: 'btn btn-primary jobnet-dialog-close', type: 'button'}, 'Close');
    close.addEventListener('click', () => {
      dialog.close();
      if (onDone) {
        onDone(ok);
      }
    });
    replace(dialog.footer, close);
    close.focus();
  });
  (reason || confirm).focus();
  return dialog;
}
