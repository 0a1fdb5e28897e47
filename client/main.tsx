import { render } from 'preact';
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-gapcursor/style/gapcursor.css';
import './styles/index.css';
import { App } from './views/app.js';
import { api } from './api.js';
import { loadSession } from './session.js';

void api.prepare().catch(() => undefined);
void loadSession();
render(<App />, document.getElementById('app')!);
