import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// First the emoji face, then the cascade layers' order, before any stylesheet uses one.
import '../styles/fonts.css';
import '../styles/layers.css';
import '../styles/tokens.css';
import '../styles/base.css';
import { App } from './App';
import { initI18n } from './i18n';
import { applyTheme } from './state/prefsSlice';
import { appStore } from './state/store';

const { locale, theme } = appStore.getState();
initI18n(locale);
applyTheme(theme);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
