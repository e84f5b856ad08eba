import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { locale } from './i18n/index.js';

document.documentElement.lang = locale;

mount(App, { target: document.getElementById('app')! });
