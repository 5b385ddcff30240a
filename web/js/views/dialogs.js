// Modal dialogs on <dialog> (focus trap, Esc to close come with it): a form of fields, a notice.
import { h } from '../dom.js';
import { describe } from './auth_view.js';

// fields: [{name, label, value?, type?: 'text'|'select'|'checkbox', options?: [[value, label]]}]
// onSubmit(values) may throw an ApiError: it is shown in the dialog, which stays open.
export function formDialog({ title, fields, submitLabel = 'Save', onSubmit, extra }) {
  const error = h('p.form-error', { role: 'alert' });
  const inputs = {};
  const body = fields.map((f) => {
    const id = `dlg-${f.name}`;
    let input;
    if (f.type === 'select') {
      input = h('select', { id, name: f.name }, f.options.map(([v, l]) => h('option', { value: v, selected: String(f.value) === String(v) }, l)));
    } else if (f.type === 'checkbox') {
      input = h('input', { id, name: f.name, type: 'checkbox', checked: !!f.value });
    } else {
      input = h('input', { id, name: f.name, value: f.value ?? '', required: f.required, maxLength: f.maxLength || 100 });
    }
    inputs[f.name] = input;
    return f.type === 'checkbox' ? h('label.check', { for: id }, input, f.label) : [h('label', { for: id }, f.label), input];
  });
  const submit = h('button.primary', { type: 'submit' }, submitLabel);
  const dialog = h('dialog.modal', { 'aria-labelledby': 'dlg-title' });
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'dlg-title' }, title), body, extra || null, error,
    h('div.actions', null, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const values = {};
    for (const [k, el] of Object.entries(inputs)) values[k] = el.type === 'checkbox' ? el.checked : el.value.trim();
    submit.disabled = true;
    error.textContent = '';
    try {
      await onSubmit(values);
      dialog.close();
    } catch (err) {
      error.textContent = describe(err, false);
    } finally {
      submit.disabled = false;
    }
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

export function infoDialog({ title, content }) {
  const dialog = h('dialog.modal', { 'aria-labelledby': 'dlg-title' },
    h('form', { method: 'dialog' }, h('h2', { id: 'dlg-title' }, title), content,
      h('div.actions', null, h('button.primary', { value: 'ok' }, 'Done'))));
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}
