// Entry point: connect the stores, start loading the chosen dataset and the training worker,
// render the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { datasetStore } from './store/dataset';
import { networkStore } from './store/network';
import { startTraining } from './store/run-control';
import { autosave } from './store/keep';
import { followDatasetShape } from './store/wire';
import { openShareLinkInAddress } from './ui/keep/share-address';
import './ui/styles/base.css';
import './ui/styles/layout.css';
import './ui/styles/palette.css';
import './ui/styles/builder.css';
import './ui/styles/data.css';
import './ui/styles/train.css';
import './ui/styles/categories.css';
import './ui/styles/keep.css';

followDatasetShape(datasetStore, networkStore);
// A share link in the address sets up the shared network before anything loads or offers a resume.
openShareLinkInAddress();
void datasetStore.getState().load();
// The training worker and its backend start now, so the badge is right and Train is instant.
void startTraining();
void autosave.getState().start();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
