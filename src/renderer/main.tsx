import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TapkeyApiProvider } from './api-context';
import { App } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <TapkeyApiProvider api={window.tapkey}>
      <App />
    </TapkeyApiProvider>
  </StrictMode>,
);
