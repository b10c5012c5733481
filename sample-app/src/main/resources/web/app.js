// Todo Chatbot UI: plain JavaScript, no build step, no third-party code.
// Every piece of user content is rendered with textContent, never parsed as HTML, so hostile strings show verbatim.
'use strict';

(() => {
  const API = '/api/v1';
  const TOKEN_KEY = 'todoctl.token';
  const USER_KEY = 'todoctl.user';
  const CONVERSATION_KEY = 'todoctl.conversation';
  const store = window.sessionStorage;

  const $ = (id) => document.getElementById(id);

  /** Creates an element; `props` are DOM properties (textContent, className, type...) or aria-/data- attributes. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for') {
        node.setAttribute(key, String(value));
      } else {
        node[key] = value;
      }
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // ---------------------------------------------------------------- messages

  let statusTimer = null;
  function say(message) {
    const status = $('status');
    status.textContent = message;
    status.classList.add('visible');
    clearTimeout(statusTimer);
    statusTimer = setTimeout(() => status.classList.remove('visible'), 4000);
  }

  function fail(message) {
    const alert = $('alert');
    alert.textContent = message;
    alert.hidden = false;
  }

  function clearAlert() {
    $('alert').hidden = true;
    $('alert').textContent = '';
  }

  // ---------------------------------------------------------------- api

  class ApiError extends Error {
    constructor(status, code, message, details) {
      super(message);
      this.status = status;
      this.code = code;
      this.details = details;
    }
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    const token = store.getItem(TOKEN_KEY);
    if (token) headers['Authorization'] = 'Bearer ' + token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetch(API + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
    }
    if (response.status === 204) return null;
    let data = null;
    const text = await response.text();
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    if (!response.ok) {
      const error = (data && data.error) || {};
      const err = new ApiError(response.status, error.code || 'http_' + response.status,
        error.message || ('Request failed with status ' + response.status), error.details);
      if (response.status === 401 && store.getItem(TOKEN_KEY)) {
        err.signedOut = true;
        signOut('Your session has expired. Please log in again.');
      }
      throw err;
    }
    return data;
  }

  function describe(err) {
    return err instanceof ApiError ? err.message : 'Something went wrong: ' + err.message;
  }

  /** Shows an error, unless it already signed the user out (that message stays). */
  function report(err) {
    if (!err.signedOut) fail(describe(err));
  }

  // ---------------------------------------------------------------- auth

  let signupMode = false;

  function setAuthMode(signup) {
    signupMode = signup;
    $('auth-title').textContent = signup ? 'Create your account' : 'Log in';
    $('auth-submit').textContent = signup ? 'Sign up' : 'Log in';
    $('auth-switch-text').textContent = signup ? 'Already have an account?' : 'No account yet?';
    $('auth-switch').textContent = signup ? 'Log in' : 'Sign up';
    $('name-field').hidden = !signup;
    $('auth-password').autocomplete = signup ? 'new-password' : 'current-password';
    clearAlert();
  }

  async function submitAuth(event) {
    event.preventDefault();
    clearAlert();
    const email = $('auth-email').value.trim();
    const password = $('auth-password').value;
    if (!email || !password) {
      fail('Please enter your email and password.');
      return;
    }
    const body = { email, password };
    const name = $('auth-name').value.trim();
    if (signupMode && name) body.name = name;
    $('auth-submit').disabled = true;
    try {
      const result = await api('POST', signupMode ? '/auth/signup' : '/auth/login', body);
      store.setItem(TOKEN_KEY, result.token);
      store.setItem(USER_KEY, JSON.stringify(result.user));
      $('auth-password').value = '';
      showApp();
      say(signupMode ? 'Welcome! Your account is ready.' : 'Welcome back.');
    } catch (err) {
      report(err);
    } finally {
      $('auth-submit').disabled = false;
    }
  }

  function signOut(message) {
    store.removeItem(TOKEN_KEY);
    store.removeItem(USER_KEY);
    store.removeItem(CONVERSATION_KEY);
    $('task-list').replaceChildren();
    $('chat-log').replaceChildren();
    signupMode = false;
    $('auth-form').reset();
    showAuth();
    if (message) fail(message);
  }

  function currentUser() {
    try {
      return JSON.parse(store.getItem(USER_KEY) || 'null');
    } catch (e) {
      return null;
    }
  }

  function showAuth() {
    $('app-view').hidden = true;
    $('session-nav').hidden = true;
    $('auth-view').hidden = false;
    setAuthMode(signupMode);
    $('auth-email').focus();
  }

  function showApp() {
    const user = currentUser();
    $('whoami').textContent = user ? (user.name ? user.name + ' · ' + user.email : user.email) : '';
    $('auth-view').hidden = true;
    $('session-nav').hidden = false;
    $('app-view').hidden = false;
    clearAlert();
    loadTasks();
    loadConversation();
    $('new-title').focus();
  }

  // ---------------------------------------------------------------- tasks

  const PRIORITY_LABEL = { low: 'Low', medium: 'Medium', high: 'High' };

  function parseTags(text) {
    return text.split(',').map((t) => t.trim()).filter((t) => t.length > 0);
  }

  function today() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function filterQuery() {
    const params = new URLSearchParams();
    const q = $('filter-q').value.trim();
    const status = $('filter-status').value;
    const priority = $('filter-priority').value;
    const tag = $('filter-tag').value.trim();
    const sort = $('filter-sort').value;
    if (q) params.set('q', q);
    if (status) params.set('status', status);
    if (priority) params.set('priority', priority);
    if (tag) params.set('tag', tag);
    if (sort) {
      params.set('sort', sort);
      params.set('order', sort === 'priority' ? 'desc' : 'asc');
    }
    params.set('limit', '100');
    return params.toString();
  }

  let loadSeq = 0;
  async function loadTasks() {
    const seq = ++loadSeq;
    const list = $('task-list');
    list.setAttribute('aria-busy', 'true');
    try {
      const page = await api('GET', '/tasks?' + filterQuery());
      if (seq !== loadSeq) return; // a newer request superseded this one
      renderTasks(page);
    } catch (err) {
      if (seq === loadSeq) report(err);
    } finally {
      if (seq === loadSeq) list.setAttribute('aria-busy', 'false');
    }
  }

  function renderTasks(page) {
    const list = $('task-list');
    const items = page.items || [];
    list.replaceChildren(...items.map(renderTask));
    $('empty').hidden = items.length > 0;
    const total = page.total ?? items.length;
    $('task-count').textContent = total === 1 ? '1 task'
      : (items.length < total ? 'Showing ' + items.length + ' of ' + total + ' tasks' : total + ' tasks');
  }

  function renderTask(task) {
    const li = el('li', { className: 'task' + (task.completed ? ' done' : ''), 'data-id': task.id });
    const checkId = 'done-' + task.id;
    const check = el('input', { type: 'checkbox', id: checkId, checked: !!task.completed, className: 'check' });
    check.setAttribute('aria-label', (task.completed ? 'Mark as not done: ' : 'Mark as done: ') + task.title);
    check.addEventListener('change', () => toggleTask(task, check.checked));

    const title = el('span', { className: 'task-title', textContent: task.title });
    const body = el('div', { className: 'task-body' }, title);
    if (task.description) body.append(el('p', { className: 'task-desc', textContent: task.description }));

    const meta = el('div', { className: 'task-meta' });
    meta.append(el('span', { className: 'badge prio-' + task.priority,
      textContent: PRIORITY_LABEL[task.priority] || task.priority }));
    if (task.due_date) {
      const overdue = !task.completed && task.due_date < today();
      meta.append(el('span', { className: 'badge due' + (overdue ? ' overdue' : ''),
        textContent: (overdue ? 'Overdue · ' : 'Due ') + task.due_date }));
    }
    for (const tag of task.tags || []) {
      const chip = el('button', { type: 'button', className: 'tag', textContent: '#' + tag,
        title: 'Show only tasks tagged ' + tag });
      chip.setAttribute('aria-label', 'Filter by tag ' + tag);
      chip.addEventListener('click', () => {
        $('filter-tag').value = tag;
        loadTasks();
      });
      meta.append(chip);
    }
    body.append(meta);

    const edit = el('button', { type: 'button', className: 'btn btn-ghost btn-small', textContent: 'Edit' });
    edit.setAttribute('aria-label', 'Edit task: ' + task.title);
    edit.addEventListener('click', () => startEdit(li, task));
    const del = el('button', { type: 'button', className: 'btn btn-danger btn-small', textContent: 'Delete' });
    del.setAttribute('aria-label', 'Delete task: ' + task.title);
    del.addEventListener('click', () => deleteTask(task));
    const actions = el('div', { className: 'task-actions' }, edit, del);

    li.append(check, body, actions);
    return li;
  }

  function startEdit(li, task) {
    const id = task.id;
    const form = el('form', { className: 'edit-form', 'aria-label': 'Edit task: ' + task.title });
    const field = (labelText, input, extra) => el('div', { className: 'field' + (extra ? ' ' + extra : '') },
      el('label', { htmlFor: input.id, textContent: labelText }), input);
    const title = el('input', { id: 'edit-title-' + id, type: 'text', required: true, maxLength: 200,
      value: task.title });
    const description = el('textarea', { id: 'edit-description-' + id, rows: 2, maxLength: 2000,
      value: task.description || '' });
    const priority = el('select', { id: 'edit-priority-' + id });
    for (const p of ['low', 'medium', 'high']) {
      priority.append(el('option', { value: p, textContent: PRIORITY_LABEL[p], selected: task.priority === p }));
    }
    const due = el('input', { id: 'edit-due-' + id, type: 'date', value: task.due_date || '' });
    const tags = el('input', { id: 'edit-tags-' + id, type: 'text', value: (task.tags || []).join(', ') });
    const save = el('button', { type: 'submit', className: 'btn btn-primary btn-small', textContent: 'Save' });
    const cancel = el('button', { type: 'button', className: 'btn btn-ghost btn-small', textContent: 'Cancel' });
    cancel.addEventListener('click', () => loadTasks());
    form.append(
      field('Title', title, 'grow'), field('Priority', priority), field('Due date', due), field('Tags', tags),
      field('Description', description, 'full'),
      el('div', { className: 'actions full' }, save, cancel));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearAlert();
      save.disabled = true;
      try {
        const updated = await api('PATCH', '/tasks/' + id, {
          title: title.value.trim(),
          description: description.value,
          priority: priority.value,
          due_date: due.value || null,
          tags: parseTags(tags.value),
        });
        say('Saved “' + updated.title + '”.');
        await loadTasks();
      } catch (err) {
        report(err);
        save.disabled = false;
      }
    });
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') loadTasks();
    });
    li.replaceChildren(form);
    li.classList.add('editing');
    title.focus();
  }

  async function addTask(event) {
    event.preventDefault();
    clearAlert();
    const title = $('new-title').value.trim();
    if (!title) {
      fail('Please give the task a title.');
      $('new-title').focus();
      return;
    }
    const body = { title, priority: $('new-priority').value, tags: parseTags($('new-tags').value) };
    const description = $('new-description').value.trim();
    if (description) body.description = description;
    if ($('new-due').value) body.due_date = $('new-due').value;
    $('add-task').disabled = true;
    try {
      const task = await api('POST', '/tasks', body);
      $('add-form').reset();
      say('Added “' + task.title + '”.');
      await loadTasks();
      $('new-title').focus();
    } catch (err) {
      report(err);
    } finally {
      $('add-task').disabled = false;
    }
  }

  async function toggleTask(task, completed) {
    clearAlert();
    try {
      await api('POST', '/tasks/' + task.id + '/complete', { completed });
      say((completed ? 'Completed “' : 'Reopened “') + task.title + '”.');
    } catch (err) {
      report(err);
    }
    await loadTasks();
  }

  async function deleteTask(task) {
    clearAlert();
    try {
      await api('DELETE', '/tasks/' + task.id);
      say('Deleted “' + task.title + '”.');
    } catch (err) {
      report(err);
    }
    await loadTasks();
  }

  // ---------------------------------------------------------------- chat

  function appendMessage(role, text, toolCalls) {
    const item = el('li', { className: 'msg msg-' + role });
    const who = { user: 'You', assistant: 'Assistant', error: 'Error' }[role] || role;
    item.append(el('span', { className: 'msg-who', textContent: who }));
    item.append(el('p', { className: 'msg-text', textContent: text }));
    if (toolCalls && toolCalls.length) {
      const tools = el('ul', { className: 'msg-tools', 'aria-label': 'Actions taken' });
      for (const call of toolCalls) {
        tools.append(el('li', { textContent: '⚙ ' + call.name }));
      }
      item.append(tools);
    }
    const log = $('chat-log');
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  async function loadConversation() {
    $('chat-log').replaceChildren();
    const id = store.getItem(CONVERSATION_KEY);
    if (!id) {
      greet();
      return;
    }
    try {
      const page = await api('GET', '/conversations/' + encodeURIComponent(id) + '/messages');
      const messages = (page.items || []).filter((m) => m.role === 'user' || m.role === 'assistant');
      if (!messages.length) greet();
      for (const m of messages) appendMessage(m.role, m.content);
    } catch (err) {
      store.removeItem(CONVERSATION_KEY);
      greet();
    }
  }

  function greet() {
    appendMessage('assistant', 'Hi! Ask me to add, list, complete, update or delete tasks.');
  }

  async function sendChat(event) {
    event.preventDefault();
    clearAlert();
    const input = $('chat-input');
    const message = input.value.trim();
    if (!message) return;
    appendMessage('user', message);
    input.value = '';
    const send = $('chat-send');
    send.disabled = true;
    const thinking = appendMessage('assistant', 'Thinking…');
    thinking.classList.add('pending');
    const body = { message };
    const conversation = store.getItem(CONVERSATION_KEY);
    if (conversation) body.conversation_id = isNaN(Number(conversation)) ? conversation : Number(conversation);
    try {
      const reply = await api('POST', '/chat', body);
      thinking.remove();
      if (reply.conversation_id !== undefined && reply.conversation_id !== null) {
        store.setItem(CONVERSATION_KEY, String(reply.conversation_id));
      }
      appendMessage('assistant', reply.reply || '', reply.tool_calls);
      if (reply.tool_calls && reply.tool_calls.length > 0) {
        await loadTasks();
        say('The assistant updated your tasks.');
      }
    } catch (err) {
      thinking.remove();
      if (!err.signedOut) appendMessage('error', describe(err));
    } finally {
      send.disabled = false;
      input.focus();
    }
  }

  function newConversation() {
    store.removeItem(CONVERSATION_KEY);
    $('chat-log').replaceChildren();
    greet();
    $('chat-input').focus();
    say('Started a new conversation.');
  }

  // ---------------------------------------------------------------- wiring

  function debounce(fn, ms) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), ms);
    };
  }

  function init() {
    $('auth-form').addEventListener('submit', submitAuth);
    $('auth-switch').addEventListener('click', () => {
      setAuthMode(!signupMode);
      (signupMode ? $('auth-name') : $('auth-email')).focus();
    });
    $('logout').addEventListener('click', () => {
      signOut();
      say('You are logged out.');
    });
    $('add-form').addEventListener('submit', addTask);
    const filters = $('filters');
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      loadTasks();
    });
    filters.addEventListener('change', () => loadTasks());
    const typed = debounce(() => loadTasks(), 250);
    $('filter-q').addEventListener('input', typed);
    $('filter-tag').addEventListener('input', typed);
    $('clear-filters').addEventListener('click', () => {
      filters.reset();
      loadTasks();
    });
    $('chat-form').addEventListener('submit', sendChat);
    $('chat-input').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        $('chat-form').requestSubmit();
      }
    });
    $('new-chat').addEventListener('click', newConversation);

    if (store.getItem(TOKEN_KEY)) {
      showApp();
    } else {
      showAuth();
    }
  }

  init();
})();
