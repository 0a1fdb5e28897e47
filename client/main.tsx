import { render } from 'preact';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-gapcursor/style/gapcursor.css';
import './styles/index.css';
import { App } from './views/app.js';
import { api } from './api.js';
import { loadSession } from './session.js';

void api.prepare().catch(() => undefined);
void loadSession();
const root = document.getElementById('app')!;
// A public page arrives with its content rendered by the server, for readers without JavaScript: the app replaces it.
root.replaceChildren();
render(<App />, root);
