// Log in and register (rest.md §7.10). Errors name what went wrong: wrong password, a taken or
// invalid name, a too weak password, rate limits ("try again in N s"), an unreachable server.
import { h } from '../dom.js';
import { ApiError } from '../api.js';
import { navigate } from '../router.js';

export function authView({ api, mode, onToken, notice }) {
  const isLogin = mode === 'login';
  const error = h('p.form-error', { role: 'alert', id: 'auth-error' });
  const name = h('input', { name: 'username', id: 'auth-username', autocomplete: 'username', required: true,
    minLength: 2, maxLength: 32, autocapitalize: 'none', spellcheck: 'false' });
  const pass = h('input', { name: 'password', id: 'auth-password', type: 'password', required: true,
    autocomplete: isLogin ? 'current-password' : 'new-password' });
  const submit = h('button.primary', { type: 'submit' }, isLogin ? 'Log in' : 'Create account');
  const form = h('form.auth-card', { 'aria-labelledby': 'auth-title', novalidate: true },
    h('h1', { id: 'auth-title' }, isLogin ? 'Welcome back' : 'Create an account'),
    notice ? h('p.notice', null, notice) : null,
    h('label', { for: 'auth-username' }, isLogin ? 'Username or email' : 'Username'), name,
    h('label', { for: 'auth-password' }, 'Password'), pass,
    error, submit,
    h('p.switch', null, isLogin ? 'Need an account? ' : 'Already have an account? ',
      h('a', { href: isLogin ? '/register' : '/login', onclick: (e) => { e.preventDefault(); navigate(isLogin ? '/register' : '/login', { replace: true }); } },
        isLogin ? 'Register' : 'Log in')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (name.value.trim().length < 2 || !pass.value) {
      error.textContent = 'Enter a username and a password.';
      return;
    }
    submit.disabled = true;
    try {
      const r = isLogin ? await api.login(name.value.trim(), pass.value) : await api.register(name.value.trim(), pass.value);
      onToken(r.token);
    } catch (err) {
      error.textContent = describe(err, isLogin);
      (isLogin ? pass : name).focus();
    } finally {
      submit.disabled = false;
    }
  });
  queueMicrotask(() => name.focus());
  return h('main.auth', null, form);
}

export function describe(err, isLogin) {
  if (!(err instanceof ApiError)) return 'Something went wrong.';
  if (err.isRateLimit) return `Too many attempts. Try again in ${Math.ceil(err.retryAfter || 1)} s.`;
  if (err.isNetwork) return err.message;
  if (isLogin && err.status === 400) return 'Wrong username or password.';
  const fields = err.fieldErrors;
  const codes = Object.values(fields).flat().map((e) => e.code);
  if (codes.includes('USERNAME_ALREADY_TAKEN')) return 'That username is taken. Try another.';
  const msgs = Object.entries(fields).map(([f, es]) => `${f === '_' ? '' : `${f}: `}${es.map((x) => x.message).join(' ')}`);
  return msgs.length ? msgs.join(' ') : err.message;
}
