import './csp';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './sw/register';
import { appUpdate } from './lib/state/app';

mount(App, { target: document.getElementById('app')! });
registerServiceWorker(appUpdate.found);
