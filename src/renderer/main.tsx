// First, so the snapshot's read in main overlaps the rest of the page's start.
import './start-early';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base styles first, so each screen's own styles come after them in the cascade.
import './styles.css';
import { TapkeyApiProvider } from './api-context';
import { App } from './app';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <TapkeyApiProvider api={window.tapkey}>
      <App />
    </TapkeyApiProvider>
  </StrictMode>,
);
