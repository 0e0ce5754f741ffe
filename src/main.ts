import './csp';
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './sw/register';

mount(App, { target: document.getElementById('app')! });
registerServiceWorker();
